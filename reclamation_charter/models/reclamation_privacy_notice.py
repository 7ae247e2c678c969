# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import is_html_empty


class ReclamationPrivacyNotice(models.Model):
    """A version of the privacy notice of the complaint desk (charter
    articles 3 and 8, GDPR articles 13 and 14): what is collected with a
    complaint, why, for how long, the person's rights and whom to contact.

    Written as a draft and published: it then becomes its company's notice
    in force from its effective date, and the previous published version is
    archived. Published and archived versions are never edited: a change is
    a new version.
    """

    _name = "reclamation.privacy.notice"
    _description = "Privacy Notice Version"
    _inherit = ["mail.thread", "reclamation.published.mixin"]
    _order = "company_id, effective_date desc, id desc"

    name = fields.Char(
        string="Title",
        required=True,
        translate=True,
        default=lambda self: self.env._("Privacy Notice"),
    )
    version = fields.Char(required=True, tracking=True)
    effective_date = fields.Date(
        required=True,
        tracking=True,
        help="The notice applies to personal data collected from this date on.",
    )
    text = fields.Html(
        translate=True,
        sanitize_style=True,
        help="What is collected, why, for how long, the person's rights and "
        "whom to contact.",
    )
    state = fields.Selection(tracking=True)
    publication_date = fields.Date(readonly=True, copy=False)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )

    _version_company_unique = models.Constraint(
        "UNIQUE(company_id, version)",
        "A privacy notice version number is used once per company.",
    )
    _one_published_per_company = models.UniqueIndex(
        "(company_id) WHERE state = 'published'",
        "Only one privacy notice can be published per company at a time.",
    )

    # Fields that make up the text of a version: frozen once published.
    _FROZEN_FIELDS = frozenset(
        {"name", "version", "effective_date", "text", "company_id"}
    )

    @api.depends("name", "version")
    def _compute_display_name(self):
        for notice in self:
            notice.display_name = f"{notice.name} v{notice.version}"

    def action_publish(self):
        """Publish draft versions: each becomes its company's published
        notice, and the previous one is archived."""
        self._check_publishable()
        for notice in self:
            if is_html_empty(notice.text):
                raise UserError(
                    self.env._(
                        "%(notice)s needs its text before it is published.",
                        notice=notice.display_name,
                    )
                )
        if len(self.company_id) != len(self):
            raise UserError(self.env._("Publish one version per company at a time."))
        self.search(
            [("company_id", "in", self.company_id.ids), ("state", "=", "published")]
        ).write({"state": "archived"})
        self.write(
            {
                "state": "published",
                "publication_date": fields.Date.context_today(self),
            }
        )
        return True

    def action_retire(self):
        """Archive published versions without a successor."""
        if any(notice.state != "published" for notice in self):
            raise UserError(self.env._("Only a published version can be archived."))
        self.write({"state": "archived"})
        return True

    @api.model
    def _get_current(self, company=None):
        """The version in force today for the company (the public page shows
        it): the published or archived version with the latest effective date
        on or before today. Searched as the superuser, returned with the
        caller's rights (record rules show customers no draft)."""
        company = company or self.env.company
        today = fields.Date.context_today(self)
        notice = self.sudo().search(
            Domain("company_id", "=", company.id)
            & Domain("state", "in", ("published", "archived"))
            & Domain("effective_date", "<=", today),
            order="effective_date desc, id desc",
            limit=1,
        )
        return notice.sudo(False)
