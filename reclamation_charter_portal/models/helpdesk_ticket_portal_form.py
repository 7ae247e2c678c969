# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import os
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, plaintext2html
from odoo.tools.mimetypes import guess_mimetype

PORTAL_SUBJECT_MAX = 200
PORTAL_TEXT_MAX = 20000
PORTAL_NAME_MAX = 200
PORTAL_MAX_FILES = 10
PORTAL_MAX_FILE_SIZE = 10 * 1024 * 1024
# The files a customer may attach: extension -> the types its content may
# be sniffed as. Both must agree, so that a script renamed ``.pdf`` or a web
# page renamed ``.txt`` is refused.
PORTAL_FILE_TYPES = {
    "pdf": ("application/pdf",),
    "png": ("image/png",),
    "jpg": ("image/jpeg",),
    "jpeg": ("image/jpeg",),
    "gif": ("image/gif",),
    "txt": ("text/plain",),
    "doc": ("application/msword",),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "odt": ("application/vnd.oasis.opendocument.text",),
    "xls": ("application/vnd.ms-excel",),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet",),
    "eml": ("message/rfc822", "text/plain"),
}


class PortalComplaintError(ValidationError):
    """A complaint filed on the portal was refused: ``field_errors`` maps
    each form field (or ``form`` for the whole form) to its message."""

    def __init__(self, field_errors):
        self.field_errors = field_errors
        super().__init__("\n".join(field_errors.values()))


# One concern of the complaint per file, as mail splits mail.thread.
# pylint: disable=consider-merging-classes-inherited
class HelpdeskTicket(models.Model):
    """Complaints filed by customers on the portal: what the form offers,
    the checks of what was typed, and the creation of the complaint with
    its files and consents."""

    _inherit = "helpdesk.ticket"

    @api.model
    def _get_portal_complaint_desk(self):
        """The complaint desk of the current company that receives the
        complaints filed on the portal, or an empty recordset."""
        # sudo: the company's own setting; a customer may not read a desk
        # that is not shown on the portal, and learns only that it exists.
        desk = self.env.company.sudo().reclamation_portal_team_id
        if not desk.active or not desk.is_complaint_desk:
            return desk.browse()
        return desk

    @api.model
    def _get_portal_complaint_categories(self):
        """The categories a customer may choose, read as the customer."""
        return self.env["helpdesk.ticket.category"].search(
            [
                ("active", "=", True),
                ("show_in_portal", "=", True),
                ("company_id", "in", [False, self.env.company.id]),
            ]
        )

    @api.model
    def _get_portal_consent_texts(self, partner):
        """The published consent texts offered with the form, one per active
        purpose, in the person's language. Purposes that name a third party
        (sharing) are asked for later, when the recipient is known."""
        # sudo: published texts are what the person is shown; nothing
        # personal is read.
        return (
            self.env["reclamation.consent.text"]
            .sudo()
            .search(
                [
                    ("state", "=", "published"),
                    ("company_id", "=", self.env.company.id),
                    ("lang", "=", partner.lang or self.env.lang or "en_US"),
                    ("purpose_id.active", "=", True),
                    ("purpose_id.requires_recipient", "=", False),
                ]
            )
        )

    @api.model
    def _count_recent_portal_complaints(self, partner):
        """The complaints ``partner`` filed themselves in the last hour (the
        portal form creates them as the person's user), as committed at the
        time of the call: they count towards the portal limit. Complaints the
        desk recorded for the person (a call, a letter, an email) do not:
        the person did not file them here."""
        # In a transaction of its own: the request's snapshot was taken
        # before it waited for the person's lock (Odoo runs REPEATABLE READ),
        # and does not show the complaints their other submissions committed
        # meanwhile, in other workers.
        with self.env.registry.cursor() as cr:
            # sudo: a count of the person's own complaints, for the limit only.
            return (
                self.with_env(self.env(cr=cr))
                .sudo()
                .search_count(
                    [
                        ("partner_id", "=", partner.id),
                        ("create_uid.partner_id", "=", partner.id),
                        ("is_complaint_desk", "=", True),
                        (
                            "create_date",
                            ">=",
                            fields.Datetime.now() - timedelta(hours=1),
                        ),
                    ]
                )
            )

    @api.model
    def _normalise_portal_text(self, value):
        """What was typed, as text: line ends made uniform and NUL
        characters (which the database cannot store) dropped."""
        if not isinstance(value, str):
            return ""
        return value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")

    @api.model
    def _check_portal_complaint_file(self, filename, content):
        """The message for a file that cannot be attached, or None."""
        extension = os.path.splitext(filename)[1].lower().lstrip(".")
        if len(content) > PORTAL_MAX_FILE_SIZE:
            return self.env._(
                "%(file)s is larger than %(size)s MB.",
                file=filename,
                size=PORTAL_MAX_FILE_SIZE // (1024 * 1024),
            )
        allowed = ", ".join(sorted(PORTAL_FILE_TYPES))
        if extension not in PORTAL_FILE_TYPES:
            return self.env._(
                "%(file)s: this type of file cannot be attached. Accepted "
                "types: %(types)s.",
                file=filename,
                types=allowed,
            )
        if not content:
            return self.env._("%(file)s is empty.", file=filename)
        if guess_mimetype(content) not in PORTAL_FILE_TYPES[extension]:
            return self.env._(
                "%(file)s is not the %(type)s file its name says. Accepted "
                "types: %(types)s.",
                file=filename,
                type=extension.upper(),
                types=allowed,
            )
        return None

    @api.model
    def _check_portal_complaint(
        self, partner, values, files, consent_texts, ip_address, user_agent
    ):
        """Check a complaint filed on the portal, all of it: return the
        cleaned values and the messages by field (empty when valid)."""
        clean = {
            name: self._normalise_portal_text(values.get(name))
            for name in (
                "subject",
                "description",
                "remedy_sought",
                "category_id",
                "on_behalf_of",
                "represented_party_name",
            )
        }
        for name in ("subject", "description", "remedy_sought", "category_id"):
            clean[name] = clean[name].strip()
        clean["represented_party_name"] = clean["represented_party_name"].strip()
        clean["on_behalf_of"] = clean["on_behalf_of"] or "self"
        clean["desk"] = self._get_portal_complaint_desk()
        errors = {}
        for check in (
            self._check_portal_complaint_intake(partner, clean),
            self._check_portal_complaint_texts(clean),
            self._check_portal_complaint_category(clean),
            self._check_portal_complaint_capacity(clean),
            self._check_portal_complaint_files(files),
            self._check_portal_complaint_consents(
                partner, consent_texts, ip_address, user_agent
            ),
        ):
            errors.update(check)
        return clean, errors

    @api.model
    def _check_portal_complaint_intake(self, partner, clean):
        """The desk is open online, and the person under the hourly limit."""
        if not clean["desk"]:
            return {
                "form": self.env._(
                    "Complaints cannot be filed online yet: please write to us "
                    "or call us."
                )
            }
        limit = self.env.company.sudo().reclamation_portal_max_per_hour
        count = self._count_recent_portal_complaints(partner)
        if count < limit:
            return {}
        if count == 1:
            return {
                "form": self.env._(
                    "You have filed a complaint in the last hour, the most we "
                    "accept online in an hour. Please try again later, or add "
                    "what you wanted to say to your complaint."
                )
            }
        return {
            "form": self.env._(
                "You have filed %(count)s complaints in the last hour, the "
                "most we accept online in an hour. Please try again later, "
                "or add what you wanted to say to one of your complaints.",
                count=count,
            )
        }

    @api.model
    def _check_portal_complaint_texts(self, clean):
        errors = {}
        subject, description = clean["subject"], clean["description"]
        if not subject:
            errors["subject"] = self.env._("Give your complaint a subject.")
        elif len(subject) > PORTAL_SUBJECT_MAX:
            errors["subject"] = self.env._(
                "The subject is %(length)s characters long: keep it to %(max)s.",
                length=len(subject),
                max=PORTAL_SUBJECT_MAX,
            )
        if not description:
            errors["description"] = self.env._("Describe what happened.")
        elif len(description) > PORTAL_TEXT_MAX:
            errors["description"] = self.env._(
                "The description is %(length)s characters long: keep it to "
                "%(max)s, and attach a file for the rest.",
                length=len(description),
                max=PORTAL_TEXT_MAX,
            )
        if len(clean["remedy_sought"]) > PORTAL_TEXT_MAX:
            errors["remedy_sought"] = self.env._(
                "What you ask for is %(length)s characters long: keep it to "
                "%(max)s.",
                length=len(clean["remedy_sought"]),
                max=PORTAL_TEXT_MAX,
            )
        return errors

    @api.model
    def _check_portal_complaint_category(self, clean):
        """An optional category, among those offered; sets
        ``clean["category"]``."""
        clean["category"] = self.env["helpdesk.ticket.category"]
        category_id = clean["category_id"]
        if not category_id:
            return {}
        offered = self._get_portal_complaint_categories()
        if category_id.isdigit() and int(category_id) in offered.ids:
            clean["category"] = offered.browse(int(category_id))
            return {}
        return {
            "category_id": self.env._(
                "This category does not exist: choose one from the list, or none."
            )
        }

    @api.model
    def _check_portal_complaint_capacity(self, clean):
        if clean["on_behalf_of"] not in ("self", "other"):
            return {
                "on_behalf_of": self.env._(
                    "Say whether you complain for yourself or for someone else."
                )
            }
        name = clean["represented_party_name"]
        if clean["on_behalf_of"] == "self":
            return {}
        if not name:
            return {
                "represented_party_name": self.env._(
                    "Give the name of the person you complain for."
                )
            }
        if len(name) > PORTAL_NAME_MAX:
            return {
                "represented_party_name": self.env._(
                    "The name is %(length)s characters long: keep it to %(max)s.",
                    length=len(name),
                    max=PORTAL_NAME_MAX,
                )
            }
        return {}

    @api.model
    def _check_portal_complaint_files(self, files):
        if len(files) > PORTAL_MAX_FILES:
            return {
                "attachments": self.env._(
                    "You attached %(count)s files: attach %(max)s at most.",
                    count=len(files),
                    max=PORTAL_MAX_FILES,
                )
            }
        messages = [
            message
            for filename, content in files
            if (message := self._check_portal_complaint_file(filename, content))
        ]
        return {"attachments": " ".join(messages)} if messages else {}

    @api.model
    def _check_portal_complaint_consents(
        self, partner, consent_texts, ip_address, user_agent
    ):
        if not consent_texts:
            return {}
        if consent_texts - self._get_portal_consent_texts(partner):
            return {
                "consents": self.env._(
                    "One of the consents you ticked is no longer asked: read "
                    "the texts below again."
                )
            }
        if not (ip_address and user_agent):
            return {
                "consents": self.env._(
                    "Your browser did not say which it is: we cannot record "
                    "your consent as evidence. Leave the consents unticked, "
                    "or try another browser."
                )
            }
        return {}

    @api.model
    def _prepare_portal_complaint_vals(self, partner, clean):
        desk = clean["desk"]
        other = clean["on_behalf_of"] == "other"
        return {
            "name": clean["subject"],
            # Typed as text: its tags are escaped, never interpreted.
            "description": plaintext2html(clean["description"]),
            "remedy_sought": clean["remedy_sought"] or False,
            "team_id": desk.id,
            "company_id": (desk.company_id or self.env.company).id,
            "category_id": clean["category"].id,
            "partner_id": partner.id,
            "partner_name": partner.name,
            "partner_email": partner.email,
            # The desk assigns it: never the customer who filed it.
            "user_id": False,
            "channel_id": self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web").id,
            # A "someone else" the customer names: the desk qualifies the
            # capacity (representative, heir...) at the initial assessment.
            "complainant_capacity": "other" if other else "self",
            "represented_party_name": other and clean["represented_party_name"],
            # Filed in writing, in the customer's words.
            "written_complaint_date": fields.Date.context_today(self),
        }

    @api.model
    def _create_from_portal(
        self, partner, values, files, consent_texts, ip_address, user_agent
    ):
        """File the complaint ``partner`` typed on the portal.

        :param values: the form's text fields, as typed
        :param files: list of ``(filename, content)``
        :param consent_texts: the ``reclamation.consent.text`` ticked
        :return: the complaint, as the customer
        :raise PortalComplaintError: with the message of each field, when
            anything is wrong; nothing is created then.
        """
        user = self.env.user
        if not (user.share and not user._is_public() and user.partner_id == partner):
            raise PortalComplaintError(
                {"form": self.env._("Only the customer can file their complaint here.")}
            )
        # One complaint at a time per person, so that the hourly limit holds
        # against simultaneous submissions: the next one waits here until
        # this one is committed, and then counts it (see
        # _count_recent_portal_complaints).
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE id = %s FOR NO KEY UPDATE",
                partner.id,
            )
        )
        files = [
            (
                os.path.basename(
                    self._normalise_portal_text(name).replace("\\", "/")
                ).strip(),
                content or b"",
            )
            for name, content in files
        ]
        user_agent = self._normalise_portal_text(user_agent)
        clean, errors = self._check_portal_complaint(
            partner, values, files, consent_texts, ip_address, user_agent
        )
        if errors:
            raise PortalComplaintError(errors)
        with self.env.cr.savepoint():
            # sudo: customers may not create tickets; the customer was
            # checked above and everything they typed was checked.
            ticket_sudo = self.sudo().create(
                self._prepare_portal_complaint_vals(partner, clean)
            )
            if files:
                # sudo: the files go onto the complaint just created for them.
                self.env["ir.attachment"].sudo().create(
                    [
                        {
                            "name": filename,
                            "raw": content,
                            "res_model": self._name,
                            "res_id": ticket_sudo.id,
                        }
                        for filename, content in files
                    ]
                )
            ticket = ticket_sudo.with_env(self.env)
            for text in consent_texts:
                # As the customer: the ledger checks it is their own consent
                # on a complaint they can read.
                self.env["reclamation.consent"]._record_portal_consent(
                    partner, text, ticket, ip_address, user_agent
                )
        return ticket
