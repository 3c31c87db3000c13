"""French wording of the files sicxl hands to people (e-mail drafts)."""

from __future__ import annotations


def send_to(address: str) -> str:
    """First line of a draft whose address cannot be written in its To header: an
    address with accents before the @ needs a mail program that accepts them."""
    return f"[À envoyer à : {address} — adresse à accents avant le @, à saisir dans « À » si votre messagerie l'accepte]"
