# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from ..tools.working_schedule import UNITS, WHOLE_UNITS
from .helpdesk_ticket import COMPLEXITIES

UNIT_SELECTION = [
    ("working_hours", "Working hours"),
    ("working_days", "Working days"),
    ("calendar_days", "Calendar days"),
    ("calendar_months", "Calendar months"),
]
assert [unit for unit, _label in UNIT_SELECTION] == list(UNITS)

# Criteria a policy may match on; the more a policy sets, the more specific.
MATCH_CRITERIA = ("company_id", "team_ids", "category_ids", "complexity", "priority")


class ReclamationSlaPolicy(models.Model):
    """Deadlines of complaints (charter articles 2, 4 and 8): an administrator
    sets, per kind of complaint, how long the desk has to acknowledge, to
    answer, and between two updates to the customer."""

    _name = "reclamation.sla.policy"
    _description = "Complaint Deadline Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    # Matching (empty means any)
    company_id = fields.Many2one(comodel_name="res.company", index=True)
    team_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.team",
        string="Teams",
        domain=[("is_complaint_desk", "=", True)],
    )
    category_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.category", string="Categories"
    )
    complexity = fields.Selection(
        selection=COMPLEXITIES,
        help="Leave empty for complaints of any complexity.",
    )
    priority = fields.Selection(
        selection="_selection_priority",
        help="Leave empty for complaints of any priority.",
    )
    # Clocks
    ack_amount = fields.Float(string="Acknowledge within", default=1.0)
    ack_unit = fields.Selection(
        selection=UNIT_SELECTION, default="working_days", required=True
    )
    resolution_amount = fields.Float(string="Answer within", default=30.0)
    resolution_unit = fields.Selection(
        selection=UNIT_SELECTION, default="calendar_days", required=True
    )
    update_amount = fields.Float(string="Update the customer every", default=15.0)
    update_unit = fields.Selection(
        selection=UNIT_SELECTION, default="calendar_days", required=True
    )
    calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working calendar",
        help="Working time and public holidays the deadlines are counted on. "
        "Empty: the team's calendar, else the company's.",
    )
    pause_stage_ids = fields.Many2many(
        comodel_name="helpdesk.ticket.stage",
        string="Pause stages",
        help="While a complaint is in one of these stages (waiting for the "
        "customer or a third party), the answer clock stops.",
    )
    risk_threshold = fields.Float(
        string="At risk after (%)",
        default=75.0,
        help="A complaint is at risk once this share of its time is used.",
    )
    escalation_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Escalate to",
        domain=[("share", "=", False)],
        help="Who is alerted after the owner; empty: the team leader.",
    )
    legal_ceiling_amount = fields.Float(
        string="Legal ceiling",
        default=2.0,
        help="The answer deadline never passes this long after the written "
        "complaint (else its receipt), unless a holding letter extends it. "
        "0: no ceiling.",
    )
    legal_ceiling_unit = fields.Selection(
        selection=UNIT_SELECTION, default="calendar_months", required=True
    )
    extension_limit_amount = fields.Float(
        string="Holding letters up to",
        help="The latest a holding letter may set the answer, counted from the "
        "receipt (payment services: 35 working days). 0: no limit.",
    )
    extension_limit_unit = fields.Selection(
        selection=UNIT_SELECTION, default="working_days", required=True
    )
    recompute_message = fields.Char(
        string="Deadlines being recomputed",
        compute="_compute_recompute_message",
    )
    specificity = fields.Integer(
        compute="_compute_specificity",
        store=True,
        help="How many criteria the policy sets: the most specific matching "
        "policy applies.",
    )

    @api.model
    def _selection_priority(self):
        """The priorities of helpdesk_mgmt's tickets, whatever they are."""
        return (
            self.env["helpdesk.ticket"]
            ._fields["priority"]
            ._description_selection(self.env)
        )

    @api.depends(*MATCH_CRITERIA)
    def _compute_specificity(self):
        for policy in self:
            policy.specificity = sum(1 for name in MATCH_CRITERIA if policy[name])

    def _compute_recompute_message(self):
        Recompute = self.env["reclamation.sla.recompute"]
        for policy in self:
            domain = Domain("scope", "=", "policy")
            if policy.company_id:
                domain &= Domain("company_id", "in", [False, policy.company_id.id])
            policy.recompute_message = Recompute._get_pending_message(domain)

    @api.constrains("ack_amount", "resolution_amount", "update_amount")
    def _check_amounts(self):
        for policy in self:
            for name in ("ack_amount", "resolution_amount", "update_amount"):
                if policy[name] <= 0:
                    raise ValidationError(
                        self.env._(
                            "%(policy)s: %(clock)s must be a positive amount.",
                            policy=policy.name,
                            clock=policy._fields[name].get_description(self.env)[
                                "string"
                            ],
                        )
                    )

    # Every amount of the policy with its unit.
    _AMOUNT_UNITS = (
        ("ack_amount", "ack_unit"),
        ("resolution_amount", "resolution_unit"),
        ("update_amount", "update_unit"),
        ("legal_ceiling_amount", "legal_ceiling_unit"),
        ("extension_limit_amount", "extension_limit_unit"),
    )

    @api.constrains(*(name for pair in _AMOUNT_UNITS for name in pair))
    def _check_whole_amounts(self):
        """Days and months are counted whole: only working hours may have a
        fraction (0.5 working days would otherwise be dropped to 0)."""
        for policy in self:
            for amount_name, unit_name in self._AMOUNT_UNITS:
                amount, unit = policy[amount_name], policy[unit_name]
                if unit in WHOLE_UNITS and not float(amount).is_integer():
                    raise ValidationError(
                        self.env._(
                            "%(policy)s: %(field)s is %(amount)s %(unit)s, but "
                            "%(unit)s are counted in whole numbers. Use a whole "
                            "number, or working hours for a fraction of a day.",
                            policy=policy.name,
                            field=policy._fields[amount_name].get_description(self.env)[
                                "string"
                            ],
                            amount=amount,
                            unit=dict(
                                policy._fields[unit_name]._description_selection(
                                    self.env
                                )
                            )[unit].lower(),
                        )
                    )

    @api.constrains("risk_threshold")
    def _check_risk_threshold(self):
        for policy in self:
            if not 0 < policy.risk_threshold < 100:
                raise ValidationError(
                    self.env._(
                        "%(policy)s: the risk threshold is a percentage strictly "
                        "between 0 and 100.",
                        policy=policy.name,
                    )
                )

    @api.constrains("legal_ceiling_amount", "extension_limit_amount")
    def _check_legal_ceiling(self):
        for policy in self:
            if policy.legal_ceiling_amount < 0 or policy.extension_limit_amount < 0:
                raise ValidationError(
                    self.env._(
                        "%(policy)s: the legal ceiling and the limit of holding "
                        "letters cannot be negative.",
                        policy=policy.name,
                    )
                )

    @api.constrains("calendar_id")
    def _check_calendar_has_working_time(self):
        for policy in self:
            calendar = policy.calendar_id
            if calendar and not calendar.flexible_hours and not calendar.attendance_ids:
                raise ValidationError(
                    self.env._(
                        "%(policy)s: the calendar %(calendar)s has no working time.",
                        policy=policy.name,
                        calendar=calendar.display_name,
                    )
                )

    # Changing these moves the deadlines of the open complaints concerned.
    _DEADLINE_FIELDS = {
        "ack_amount",
        "ack_unit",
        "resolution_amount",
        "resolution_unit",
        "update_amount",
        "update_unit",
        "calendar_id",
        "risk_threshold",
        "legal_ceiling_amount",
        "legal_ceiling_unit",
        "extension_limit_amount",
        "extension_limit_unit",
        *MATCH_CRITERIA,
        "sequence",
        "active",
    }

    @api.model_create_multi
    def create(self, vals_list):
        policies = super().create(vals_list)
        policies._recompute_open_complaints(policies._get_companies_concerned())
        return policies

    def write(self, vals):
        if not self._DEADLINE_FIELDS.intersection(vals):
            return super().write(vals)
        # A policy moved to another company leaves the complaints of the
        # companies it applied to: those are recomputed too.
        before = self._get_companies_concerned()
        res = super().write(vals)
        after = self._get_companies_concerned()
        self._recompute_open_complaints(
            None if before is None or after is None else before | after
        )
        return res

    def _get_companies_concerned(self):
        """The companies whose complaints these policies apply to; None: all
        of them (a policy without a company)."""
        if all(policy.company_id for policy in self):
            return self.company_id
        return None

    def _recompute_open_complaints(self, companies):
        """Complaints a change of policies may affect: the open ones of
        ``companies`` (None: of every company), as another policy may now be
        the best match, recomputed by a job after the change, not in the
        administrator's request."""
        if not self:
            return
        self.env["reclamation.sla.recompute"]._enqueue(
            self.env._("the deadline policy changed"), "policy", companies
        )

    @api.model
    def _get_preset_values(self, preset):
        """Editable policies of a sector preset (charter article 8)."""
        ack = {"ack_amount": 1, "ack_unit": "working_days"}
        if preset == "generic":
            return [
                dict(
                    ack,
                    name=self.env._("Simple complaints"),
                    sequence=10,
                    complexity="simple",
                    resolution_amount=10,
                    resolution_unit="working_days",
                ),
                dict(
                    ack,
                    name=self.env._("Standard complaints"),
                    sequence=20,
                    complexity="standard",
                    resolution_amount=30,
                    resolution_unit="calendar_days",
                ),
                dict(
                    ack,
                    name=self.env._("Complex complaints"),
                    sequence=30,
                    complexity="complex",
                    resolution_amount=2,
                    resolution_unit="calendar_months",
                ),
            ]
        if preset == "acpr_amf":
            return [
                dict(
                    name=self.env._("Complaints (ACPR/AMF)"),
                    sequence=10,
                    ack_amount=10,
                    ack_unit="working_days",
                    resolution_amount=2,
                    resolution_unit="calendar_months",
                    legal_ceiling_amount=2,
                    legal_ceiling_unit="calendar_months",
                ),
            ]
        if preset == "payment_services":
            return [
                dict(
                    ack,
                    name=self.env._("Payment services complaints"),
                    sequence=10,
                    resolution_amount=15,
                    resolution_unit="working_days",
                    legal_ceiling_amount=15,
                    legal_ceiling_unit="working_days",
                    extension_limit_amount=35,
                    extension_limit_unit="working_days",
                    description=self.env._(
                        "Answer within 15 working days; up to 35 working days "
                        "only with a holding letter giving the reasons."
                    ),
                ),
            ]
        raise ValueError(preset)

    @api.model
    def _create_preset(self, preset, company=None, calendar=None, pause_stages=None):
        values = self._get_preset_values(preset)
        for vals in values:
            vals.update(
                company_id=company.id if company else False,
                calendar_id=calendar.id if calendar else False,
                pause_stage_ids=[(6, 0, pause_stages.ids)] if pause_stages else [],
            )
        return self.create(values)

    def _matches(self, ticket):
        self.ensure_one()
        return (
            (not self.company_id or self.company_id == ticket.company_id)
            and (not self.team_ids or ticket.team_id in self.team_ids)
            and (not self.category_ids or ticket.category_id in self.category_ids)
            and (not self.complexity or self.complexity == ticket.complexity)
            and (not self.priority or self.priority == ticket.priority)
        )

    @api.model
    def _select_for(self, tickets):
        """{ticket: policy} for complaints under the charter: the most
        specific matching policy, then the lowest sequence. One query."""
        policies = self.sudo().search(
            [("company_id", "in", [False, *tickets.company_id.ids])],
            order="specificity desc, sequence, id",
        )
        return {
            ticket: next((p for p in policies if p._matches(ticket)), self.browse())
            for ticket in tickets
        }
