# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty


class ReclamationConsentText(models.Model):
    """A version of the text a person reads before consenting.

    The text is written as a draft and published; its SHA-256 is then taken
    on the exact HTML shown, and consents keep that hash. A published text is
    never edited: a change is a new version, which supersedes the previous one
    of the same purpose and language.
    """

    _name = "reclamation.consent.text"
    _description = "Consent Text Version"
    _inherit = ["mail.thread", "reclamation.published.mixin"]
    _order = "purpose_id, lang, id desc"

    name = fields.Char(string="Title", required=True, tracking=True)
    purpose_id = fields.Many2one(
        comodel_name="reclamation.consent.purpose",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    lang = fields.Selection(
        selection="_get_languages",
        string="Language",
        required=True,
        default=lambda self: self.env.lang or "en_US",
        tracking=True,
    )
    version = fields.Char(required=True, default="1", tracking=True)
    body = fields.Html(
        string="Text",
        required=True,
        sanitize_style=True,
        help="Exactly what the person reads before consenting.",
    )
    content_hash = fields.Char(
        string="SHA-256",
        readonly=True,
        copy=False,
        help="Fingerprint of the exact text, taken when it was published; each "
        "consent keeps it as proof of what was shown.",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("published", "Published"),
            ("archived", "Superseded"),
        ],
        tracking=True,
    )
    published_date = fields.Datetime(readonly=True, copy=False)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    consent_count = fields.Integer(compute="_compute_consent_count")

    _version_unique = models.Constraint(
        "UNIQUE(company_id, purpose_id, lang, version)",
        "A consent text version number is used once per purpose and language.",
    )
    _one_published = models.UniqueIndex(
        "(company_id, purpose_id, lang) WHERE state = 'published'",
        "Only one consent text can be published per purpose and language.",
    )

    # What makes up the text: frozen once published.
    _FROZEN_FIELDS = frozenset(
        {
            "name",
            "purpose_id",
            "lang",
            "version",
            "body",
            "company_id",
            "content_hash",
            "published_date",
        }
    )

    @api.model
    def _get_languages(self):
        return self.env["res.lang"].get_installed()

    def _compute_consent_count(self):
        counts = dict(
            self.env["reclamation.consent"]._read_group(
                [("text_id", "in", self.ids)], ["text_id"], ["__count"]
            )
        )
        for text in self:
            text.consent_count = counts.get(text, 0)

    @api.depends("name", "version", "lang")
    def _compute_display_name(self):
        for text in self:
            text.display_name = f"{text.name} v{text.version} ({text.lang})"

    @api.model
    def _hash_body(self, body):
        return hashlib.sha256((body or "").encode()).hexdigest()

    def action_publish(self):
        """Publish the text: take its fingerprint and supersede the version
        published before for the same purpose and language."""
        self._check_publishable()
        for text in self:
            if is_html_empty(text.body):
                raise UserError(self.env._("Write the text before publishing it."))
            previous = self.search(
                [
                    ("id", "!=", text.id),
                    ("state", "=", "published"),
                    ("company_id", "=", text.company_id.id),
                    ("purpose_id", "=", text.purpose_id.id),
                    ("lang", "=", text.lang),
                ]
            )
            previous.state = "archived"
            text.write(
                {
                    "state": "published",
                    "published_date": fields.Datetime.now(),
                    "content_hash": self._hash_body(text.body),
                }
            )
        return True

    def action_new_version(self):
        """A draft copy to change the text."""
        self.ensure_one()
        draft = self.copy({"version": self._next_version()})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": draft.id,
            "view_mode": "form",
        }

    def _next_version(self):
        versions = self.search(
            [
                ("company_id", "=", self.company_id.id),
                ("purpose_id", "=", self.purpose_id.id),
                ("lang", "=", self.lang),
            ]
        ).mapped("version")
        numbers = [int(v) for v in versions if v.isdigit()]
        return str(max(numbers, default=0) + 1)
