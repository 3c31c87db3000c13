"""The manifest Office reads (manifest.xml), its ribbon filled in.

The template holds what never changes; the ribbon is built here from
scripts.RIBBON and the jobs' French labels: a tab SIC, a group per area, a
button per job (ExecuteFunction: the job name, which static/sic.js associates
with the job's script), and a group Compte whose button Connexion opens the
task pane (where the token is typed). Every text a control shows is a
resource: labels and titles in ShortStrings (at most 125 characters),
tooltip descriptions in LongStrings (at most 250), as Office requires; ids are
unique across the manifest (a group and a button never share one).
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

from addin.scripts import RIBBON, button_id, group_id, label
from sicxl.messages import addin as msg

TEMPLATE = Path(__file__).with_name("manifest.xml")
BASE_URL_PLACEHOLDER = "https://localhost:8000"  # in manifest.xml and the static pages
SIGN_IN_ID = "sic.signin"
ACCOUNT_GROUP_ID = group_id("account")
TASKPANE_ID = "sic.taskpane"
ICON = ('<Icon><bt:Image size="16" resid="Icon.16x16" /><bt:Image size="32" resid="Icon.32x32" />'
        '<bt:Image size="80" resid="Icon.80x80" /></Icon>')


def _button(control_id: str, text: str, tip: str, action: str) -> str:
    return (f'<Control xsi:type="Button" id="{control_id}"><Label resid="{text}" />'
            f'<Supertip><Title resid="{text}" /><Description resid="{tip}" /></Supertip>{ICON}{action}</Control>')


def _group(group: str, title: str, controls: list[str]) -> str:
    return f'<Group id="{group}"><Label resid="{title}" />{ICON}{"".join(controls)}</Group>'


def _string(resource: str, text: str) -> str:
    return f"<bt:String id={quoteattr(resource)} DefaultValue={quoteattr(text)} />"


def ribbon() -> tuple[str, str, str]:
    """The groups of the SIC tab, their short strings and their long strings."""
    groups, short, long = [], [], []
    for group, jobs in RIBBON.items():
        controls = [_button(button_id(job), f"Job.{job}", f"Tip.{job}",
                            f'<Action xsi:type="ExecuteFunction"><FunctionName>{job}</FunctionName></Action>')
                    for job in jobs]
        groups.append(_group(group_id(group), f"Group.{group}", controls))
        short.append(_string(f"Group.{group}", msg.GROUPS[group]))
        short.extend(_string(f"Job.{job}", label(job)) for job in jobs)
        long.extend(_string(f"Tip.{job}", msg.JOB_TIPS[job]) for job in jobs)
    sign_in = _button(SIGN_IN_ID, "SignIn.Label", "SignIn.Tip",
                      f'<Action xsi:type="ShowTaskpane"><TaskpaneId>{TASKPANE_ID}</TaskpaneId>'
                      '<SourceLocation resid="Taskpane.Url" /></Action>')
    groups.append(_group(ACCOUNT_GROUP_ID, "Group.account", [sign_in]))
    short += [_string("Group.account", msg.ACCOUNT_GROUP), _string("SignIn.Label", msg.SIGN_IN)]
    long.append(_string("SignIn.Tip", msg.SIGN_IN_TIP))
    return "\n".join(groups), "\n".join(short), "\n".join(long)


def manifest_xml(base_url: str) -> str:
    """The manifest naming the server at `base_url` (Office wants absolute https addresses)."""
    groups, short, long = ribbon()
    return (TEMPLATE.read_text(encoding="utf-8").replace(BASE_URL_PLACEHOLDER, base_url)
            .replace("<!-- SIC_GROUPS -->", groups).replace("<!-- SIC_SHORT_STRINGS -->", short)
            .replace("<!-- SIC_LONG_STRINGS -->", long))
