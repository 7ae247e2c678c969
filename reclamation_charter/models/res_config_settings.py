# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    reclamation_retention_active_months = fields.Integer(
        related="company_id.reclamation_retention_active_months", readonly=False
    )
    reclamation_retention_total_months = fields.Integer(
        related="company_id.reclamation_retention_total_months", readonly=False
    )
    reclamation_action_review_days = fields.Integer(
        related="company_id.reclamation_action_review_days", readonly=False
    )

    reclamation_protection_months = fields.Integer(
        related="company_id.reclamation_protection_months", readonly=False
    )
    reclamation_protected_field_ids = fields.Many2many(
        related="company_id.reclamation_protected_field_ids", readonly=False
    )

    reclamation_portal_team_id = fields.Many2one(
        related="company_id.reclamation_portal_team_id", readonly=False
    )
    reclamation_portal_max_per_hour = fields.Integer(
        related="company_id.reclamation_portal_max_per_hour", readonly=False
    )
    reclamation_survey_delay_days = fields.Integer(
        related="company_id.reclamation_survey_delay_days", readonly=False
    )
    reclamation_survey_reminder_days = fields.Integer(
        related="company_id.reclamation_survey_reminder_days", readonly=False
    )
    reclamation_survey_validity_days = fields.Integer(
        related="company_id.reclamation_survey_validity_days", readonly=False
    )

    reclamation_mediator_id = fields.Many2one(
        related="company_id.reclamation_mediator_id", readonly=False
    )
    reclamation_appeal_days = fields.Integer(
        related="company_id.reclamation_appeal_days", readonly=False
    )

    # Readiness (charter article 8), one state and detail per check.
    reclamation_ready = fields.Boolean(
        string="Complaint desk ready", compute="_compute_reclamation_readiness"
    )
    reclamation_ready_calendar = fields.Boolean(
        string="Working calendar with public holidays ready",
        compute="_compute_reclamation_readiness",
    )
    reclamation_ready_calendar_detail = fields.Char(
        string="Working calendar with public holidays: what is missing",
        compute="_compute_reclamation_readiness",
    )
    reclamation_ready_policy = fields.Boolean(
        string="Deadline policy ready", compute="_compute_reclamation_readiness"
    )
    reclamation_ready_policy_detail = fields.Char(
        string="Deadline policy: what is missing",
        compute="_compute_reclamation_readiness",
    )
    reclamation_ready_charter = fields.Boolean(
        string="Published charter ready", compute="_compute_reclamation_readiness"
    )
    reclamation_ready_charter_detail = fields.Char(
        string="Published charter: what is missing",
        compute="_compute_reclamation_readiness",
    )
    reclamation_ready_consent_texts = fields.Boolean(
        string="Consent texts ready", compute="_compute_reclamation_readiness"
    )
    reclamation_ready_consent_texts_detail = fields.Char(
        string="Consent texts: what is missing",
        compute="_compute_reclamation_readiness",
    )
    reclamation_ready_privacy_notice = fields.Boolean(
        string="Privacy notice ready", compute="_compute_reclamation_readiness"
    )
    reclamation_ready_privacy_notice_detail = fields.Char(
        string="Privacy notice: what is missing",
        compute="_compute_reclamation_readiness",
    )
    reclamation_ready_retention = fields.Boolean(
        string="Retention policy ready", compute="_compute_reclamation_readiness"
    )
    reclamation_ready_retention_detail = fields.Char(
        string="Retention policy: what is missing",
        compute="_compute_reclamation_readiness",
    )

    reclamation_ready_mediator = fields.Boolean(
        string="Consumer mediator ready", compute="_compute_reclamation_readiness"
    )
    reclamation_ready_mediator_detail = fields.Char(
        string="Consumer mediator: what is missing",
        compute="_compute_reclamation_readiness",
    )

    reclamation_ready_mail = fields.Boolean(
        string="Replies by email ready", compute="_compute_reclamation_readiness"
    )
    reclamation_ready_mail_detail = fields.Char(
        string="Replies by email: what is missing",
        compute="_compute_reclamation_readiness",
    )

    @api.depends("company_id")
    def _compute_reclamation_readiness(self):
        for settings in self:
            checks = settings.company_id._reclamation_readiness()
            for check in checks:
                settings[f"reclamation_ready_{check['key']}"] = check["ok"]
                settings[f"reclamation_ready_{check['key']}_detail"] = check["detail"]
            settings.reclamation_ready = all(check["ok"] for check in checks)

    def action_reclamation_readiness_fix(self):
        """Open the place where the check named in the context is fixed. The
        context only chooses the page: what it opens keeps its access rights."""
        self.ensure_one()
        key = self.env.context.get("reclamation_readiness_key")
        check = next(
            (c for c in self.company_id._reclamation_readiness() if c["key"] == key),
            None,
        )
        if not check or not check["action"]:
            raise UserError(self.env._("Unknown readiness check: %(key)s", key=key))
        return check["action"]

    def action_reclamation_apply_generic_preset(self):
        """One click: the generic deadline policies for the company, created
        with the administrator's own rights (complaint managers)."""
        self.ensure_one()
        policies = self.env["reclamation.sla.policy"]._create_preset(
            "generic", company=self.company_id
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_sla_policy_action"
        )
        action["domain"] = [("id", "in", policies.ids)]
        return action
