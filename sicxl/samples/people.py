"""Made-up people for the sample workbooks: first names with their usual civility.

A sample that draws a civility apart from the first name writes "Mme Philippe
David", and the letters sicxl makes from it say "Madame," to a man. The first
names here are the most given in France in the decades of the sample's
decision-makers (INSEE, Fichier des prénoms), each with the civility its usual
gender takes.
"""

from __future__ import annotations

MALE = ("Jean", "Philippe", "Pierre", "Laurent", "Éric", "François", "Olivier", "Thierry", "Hervé", "Stéphane",
        "Nicolas", "Julien", "Bruno", "Antoine", "Thomas", "Mathieu", "Sébastien", "Guillaume", "Romain", "Karim")
FEMALE = ("Marie", "Nathalie", "Isabelle", "Sophie", "Catherine", "Valérie", "Sandrine", "Christine", "Céline",
          "Anne", "Karine", "Aurélie", "Hélène", "Claire", "Camille", "Émilie", "Julie")


def civility_of(first_name: str) -> str:
    """"M." or "Mme" for a first name of the lists above."""
    if first_name in MALE:
        return "M."
    if first_name in FEMALE:
        return "Mme"
    raise ValueError(f"first name of unknown usual gender: {first_name}")
