"""The reviewer workspace's forms (Flask-WTF): each carries its CSRF token in a field named csrf_token."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
)

from checker.claims.registry import KINDS
from checker.evidence.schema import APPEARANCE_DECISIONS
from checker.review import accounts, statuses
from checker.text.messages import N_
from checker.web.params import MAX_ID, parse_id

# Labels and messages are lazy (_l): translated when a page shows them, in its reader's language.
# Choices as {value: label}: the shape WTForms keeps (lists of tuples are deprecated there), which wants plain
# strings as labels, so they are N_ messages (English strings) that the templates translate. The statuses' and
# roles' names are marked where they are defined (checker.review.statuses, checker.web.i18n.WORDS).
STATUS_CHOICES = {status: statuses.label(status) for status in statuses.STATUSES}
ROLE_CHOICES = {role: role for role in accounts.ROLES}
COMMENT_MAX_CHARS = 10_000


def whole_number(value) -> int:
    """A form's number read as query and path numbers are (checker.web.params.parse_id): the digits 0-9 within
    SQLite's range. WTForms' int() takes "١" for 1 and numbers SQLite cannot store."""
    if isinstance(value, int):
        return value
    number = parse_id(str(value))
    if number is None:
        raise ValueError("not a whole number in the digits 0-9")
    return number


class WholeNumberField(IntegerField):
    """An IntegerField that reads its number with whole_number."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = whole_number(valuelist[0])
        except ValueError:
            self.data = None
            raise ValueError(self.gettext("Not a valid integer value.")) from None  # WTForms' own catalogue


class EmptyForm(FlaskForm):
    """A button alone: the form still carries the CSRF token."""


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=100)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])
    next = HiddenField()


class StatusForm(FlaskForm):
    """The contract's status form: status, note, version (and csrf_token)."""

    status = SelectField(_l("Status"), choices=STATUS_CHOICES, validators=[InputRequired()])
    note = TextAreaField(_l("Note (public: the rationale published with a verdict)"), validators=[Optional()])
    version = WholeNumberField(_l("Version"), validators=[InputRequired(message=_l("The form's version is missing.")),
                                                          NumberRange(min=1, max=MAX_ID)])


class SignoffForm(FlaskForm):
    version = WholeNumberField(validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)])
    decision = SelectField(choices={"sign-off": N_("Sign off and publish"), "send-back": N_("Send back")},
                           validators=[InputRequired()])


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Internal comment (never published)"),
                         validators=[DataRequired(), Length(max=COMMENT_MAX_CHARS)])


class AssignForm(FlaskForm):
    reviewer_id = SelectField(_l("Assign to"), coerce=whole_number, validators=[InputRequired()])


class LinkDecisionForm(FlaskForm):
    decision = SelectField(choices={d: d for d in statuses.LINK_DECISIONS}, validators=[InputRequired()])


class CarryOverForm(FlaskForm):
    """Carry the verdict of the same claim in another article over to this one."""

    original = WholeNumberField(validators=[InputRequired(), NumberRange(min=1, max=MAX_ID)])
    version = WholeNumberField(validators=[InputRequired(message=_l("The form's version is missing.")),
                                           NumberRange(min=1, max=MAX_ID)])


class AppearanceDecisionForm(FlaskForm):
    decision = SelectField(choices={d: d for d in APPEARANCE_DECISIONS}, validators=[InputRequired()])


class EvidenceUrlForm(FlaskForm):
    url = StringField(_l("Address of a page"), validators=[
        DataRequired(), Length(max=2000), URL(require_tld=False, message=_l("Give a full http:// or https:// address."))])


class EvidenceUploadForm(FlaskForm):
    page = FileField(_l("Saved page (.html)"), validators=[FileRequired()])
    url = StringField(_l("Original address (optional)"), validators=[Optional(), Length(max=2000),
                                                                  URL(require_tld=False)])


class NewReviewerForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(min=2, max=100)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1000)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validators=[InputRequired()])


class EditReviewerForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validators=[InputRequired()])
    active = SelectField(_l("Account"), choices={"1": N_("active"), "0": N_("deactivated")},
                         validators=[InputRequired()])
    password = PasswordField(_l("New password (leave empty to keep)"), validators=[Optional(), Length(max=1000)])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=1000)])


class SourceEntryForm(FlaskForm):
    """A reviewer's change to a source scraping added to the registry: confirm (with a name, kind and aliases),
    rename, or merge into another source."""

    action = SelectField(choices={"confirm": N_("Confirm"), "rename": N_("Rename"), "merge": N_("Merge into")},
                         validators=[InputRequired()])
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices={"": N_("(unchanged)"), **{kind: kind for kind in KINDS}},
                       validators=[Optional()])
    aliases = StringField(_l("Other names, separated by commas"), validators=[Optional(), Length(max=2000)])
    into = StringField(_l("Source id to merge into"), validators=[Optional(), Length(max=100)])
