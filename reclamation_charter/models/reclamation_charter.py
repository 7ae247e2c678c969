# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

REVIEW_AFTER_MONTHS = 12


class ReclamationCharter(models.Model):
    """A version of the complaints code of ethics (charter article 10).

    A version is written as a draft, published (it then becomes the version in
    force of its company from its effective date, and the previous published
    version is archived) and finally archived. Published and archived versions
    are never edited: a change is a new version.
    """

    _name = "reclamation.charter"
    _description = "Complaints Charter Version"
    _inherit = ["mail.thread", "mail.activity.mixin", "reclamation.published.mixin"]
    _order = "company_id, effective_date desc, id desc"

    name = fields.Char(
        string="Title",
        required=True,
        translate=True,
        default=lambda self: self.env._("Complaints Code of Ethics"),
    )
    version = fields.Char(required=True, tracking=True)
    effective_date = fields.Date(
        required=True,
        tracking=True,
        help="Complaints received from this date on are handled under this version.",
    )
    approver_id = fields.Many2one(
        comodel_name="res.users",
        string="Approved by",
        tracking=True,
        help="Who approved this version; required to publish it. The 12-month "
        "review is assigned to them.",
    )
    text = fields.Html(translate=True, sanitize_style=True)
    change_log = fields.Text(
        translate=True, help="What changed since the previous version, and why."
    )
    state = fields.Selection(tracking=True)
    publication_date = fields.Date(readonly=True, copy=False)
    review_date = fields.Date(
        compute="_compute_review_date",
        store=True,
        help="The charter is reviewed 12 months after its publication.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count")

    _version_company_unique = models.Constraint(
        "UNIQUE(company_id, version)",
        "A charter version number is used once per company.",
    )
    _one_published_per_company = models.UniqueIndex(
        "(company_id) WHERE state = 'published'",
        "Only one charter version can be published per company at a time.",
    )

    # Fields that make up the text of a version: frozen once published.
    _FROZEN_FIELDS = frozenset(
        {"name", "version", "effective_date", "text", "company_id"}
    )

    @api.depends("publication_date")
    def _compute_review_date(self):
        for charter in self:
            charter.review_date = charter.publication_date and (
                charter.publication_date + relativedelta(months=REVIEW_AFTER_MONTHS)
            )

    def _compute_complaint_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("charter_id", "in", self.ids)], ["charter_id"], ["__count"]
            )
        )
        for charter in self:
            charter.complaint_count = counts.get(charter, 0)

    @api.depends("name", "version")
    def _compute_display_name(self):
        for charter in self:
            charter.display_name = f"{charter.name} v{charter.version}"

    def action_publish(self):
        """Publish draft versions: each becomes its company's published version,
        the previous one is archived, and a review is scheduled in 12 months."""
        self._check_publishable()
        for charter in self:
            if not charter.approver_id or not charter.text:
                raise UserError(
                    self.env._(
                        "%(charter)s needs its approver and its text before "
                        "it is published.",
                        charter=charter.display_name,
                    )
                )
        if len(self.company_id) != len(self):
            raise UserError(self.env._("Publish one version per company at a time."))
        self.search(
            [("company_id", "in", self.company_id.ids), ("state", "=", "published")]
        )._archive_versions()
        today = fields.Date.context_today(self)
        self.write({"state": "published", "publication_date": today})
        for charter in self:
            charter.activity_schedule(
                "reclamation_charter.mail_activity_type_charter_review",
                date_deadline=charter.review_date,
                user_id=charter.approver_id.id,
            )
        return True

    def action_retire(self):
        """Archive published versions without a successor."""
        if any(charter.state != "published" for charter in self):
            raise UserError(self.env._("Only a published version can be archived."))
        self._archive_versions()
        return True

    def _archive_versions(self):
        """Archive versions; a version no longer in force needs no review."""
        self.write({"state": "archived"})
        self.activity_unlink(["reclamation_charter.mail_activity_type_charter_review"])

    @api.model
    def _get_in_force_domain(self, companies, on_date=None):
        domain = Domain("company_id", "in", companies.ids) & Domain(
            "state", "in", ("published", "archived")
        )
        if on_date:
            domain &= Domain("effective_date", "<=", on_date)
        return domain

    @api.model
    def _get_in_force_by_company(self, companies, dates_by_company):
        """Version in force per (company, date): the published or archived
        version with the latest effective date on or before that date.

        :param dates_by_company: {company_id: set of dates}
        :return: {(company_id, date): charter}, one query for all companies.
        """
        charters = self.sudo().search(
            self._get_in_force_domain(companies), order="effective_date desc, id desc"
        )
        result = {}
        for company_id, dates in dates_by_company.items():
            candidates = charters.filtered(
                lambda c, cid=company_id: c.company_id.id == cid
            )
            for day in dates:
                result[(company_id, day)] = next(
                    (c for c in candidates if c.effective_date <= day),
                    self.browse(),
                ).sudo(False)
        return result

    @api.model
    def _get_current(self, company=None):
        """The version in force today for the company (the portal shows it)."""
        company = company or self.env.company
        today = fields.Date.context_today(self)
        return self._get_in_force_by_company(company, {company.id: {today}})[
            (company.id, today)
        ]

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt.helpdesk_ticket_action"
        )
        action["domain"] = [("charter_id", "=", self.id)]
        action["context"] = {}
        return action
