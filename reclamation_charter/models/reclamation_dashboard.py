# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import formatLang

# For each figure: whether a rise is good news (True), bad news (False).
RISE_IS_GOOD = {
    "received": None,
    "open": False,
    "at_risk": False,
    "breached": False,
    "answer_days": False,
    "satisfaction": True,
    "actions_overdue": False,
}


class ReclamationDashboard(models.TransientModel):
    """The complaint manager's dashboard (charter article 6): this month's key
    figures and their trend against the previous month, computed by
    ``helpdesk.ticket._reclamation_dashboard_figures`` in two queries."""

    _name = "reclamation.dashboard"
    _description = "Complaint Dashboard"

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    received = fields.Integer(string="Received this month", compute="_compute_figures")
    received_trend = fields.Char(compute="_compute_figures")
    received_state = fields.Char(compute="_compute_figures")
    open = fields.Integer(string="Open complaints", compute="_compute_figures")
    open_trend = fields.Char(compute="_compute_figures")
    open_state = fields.Char(compute="_compute_figures")
    at_risk = fields.Integer(string="At risk", compute="_compute_figures")
    at_risk_trend = fields.Char(compute="_compute_figures")
    at_risk_state = fields.Char(compute="_compute_figures")
    breached = fields.Integer(string="Past their deadline", compute="_compute_figures")
    breached_trend = fields.Char(compute="_compute_figures")
    breached_state = fields.Char(compute="_compute_figures")
    answer_days = fields.Float(
        string="Average answer time (days)",
        digits=(16, 1),
        compute="_compute_figures",
        help="Calendar days from receipt to closure, over the complaints closed "
        "this month.",
    )
    answer_days_trend = fields.Char(compute="_compute_figures")
    answer_days_state = fields.Char(compute="_compute_figures")
    satisfaction = fields.Float(
        string="Satisfaction (out of 5)",
        digits=(16, 1),
        compute="_compute_figures",
        help="The average overall score of the surveys answered this month.",
    )
    satisfaction_trend = fields.Char(compute="_compute_figures")
    satisfaction_state = fields.Char(compute="_compute_figures")
    actions_overdue = fields.Integer(
        string="Corrective actions overdue", compute="_compute_figures"
    )
    actions_overdue_trend = fields.Char(compute="_compute_figures")
    actions_overdue_state = fields.Char(compute="_compute_figures")

    def _compute_display_name(self):
        # The dashboard's name in the reader's language, not the
        # technical "reclamation.dashboard,<id>" of a record without a name.
        name = self.env["ir.model"]._get(self._name).name
        for dashboard in self:
            dashboard.display_name = name

    @api.model
    def action_open_dashboard(self):
        """The menu's entry: this month's dashboard of the current company,
        opened as a saved record."""
        dashboard = self.create({})
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_dashboard_action"
        )
        action["res_id"] = dashboard.id
        return action

    @api.depends("company_id")
    @api.depends_context("lang")
    def _compute_figures(self):
        Ticket = self.env["helpdesk.ticket"]
        for dashboard in self:
            figures = Ticket._reclamation_dashboard_figures(dashboard.company_id)
            for name, (current, previous) in figures.items():
                dashboard[name] = current or 0
                trend, state = dashboard._get_trend(name, current, previous)
                dashboard[f"{name}_trend"] = trend
                dashboard[f"{name}_state"] = state

    def _get_trend(self, name, current, previous):
        """The change against the previous month, in words, and whether it
        is good ("success"), bad ("danger") or neither ("muted")."""
        if current is None or previous is None:
            return self.env._("no figure last month"), "muted"
        delta = float(current) - float(previous)
        digits = 0 if isinstance(current, int) else 1
        if round(delta, digits) == 0:
            return self.env._("same as last month"), "muted"
        # In the reader's language: "3.0" in English, "3,0" in French.
        amount = formatLang(self.env, abs(delta), digits=digits)
        if delta > 0:
            label = self.env._("up %(amount)s on last month", amount=amount)
        else:
            label = self.env._("down %(amount)s on last month", amount=amount)
        good = RISE_IS_GOOD[name]
        if good is None:
            return label, "muted"
        return label, "success" if (delta > 0) == good else "danger"

    def _open_complaints(self, domain, name):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.helpdesk_ticket_action_complaint"
        )
        action["domain"] = [
            ("is_charter_complaint", "=", True),
            ("company_id", "=", self.company_id.id),
            *domain,
        ]
        action["name"] = name
        action["context"] = {}
        return action

    def action_open_complaints(self):
        return self._open_complaints(
            [("closed", "=", False)], self.env._("Open complaints")
        )

    def action_at_risk(self):
        return self._open_complaints(
            [("sla_status", "=", "at_risk")], self.env._("Complaints at risk")
        )

    def action_breached(self):
        return self._open_complaints(
            [("sla_status", "=", "breached")],
            self.env._("Complaints past their deadline"),
        )

    def action_actions_overdue(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_corrective_action_action"
        )
        action["domain"] = [
            ("is_overdue", "=", True),
            ("company_id", "=", self.company_id.id),
        ]
        action["context"] = {}
        return action

    def action_analysis(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_complaint_analysis_action"
        )
