# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class HelpdeskTicket(models.Model):
    """Continuous improvement (charter article 6): a complaint is closed with
    its root cause and whether it was justified; a justified complaint is
    closed only once a corrective action is linked to it."""

    _inherit = "helpdesk.ticket"

    # The association's own analysis of the complaint (cause, fault, what it
    # changes): internal users only.
    root_cause_id = fields.Many2one(
        comodel_name="reclamation.root.cause",
        string="Root cause",
        groups="base.group_user",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        help="Why the complaint arose. Required to close a complaint (except "
        "when the customer withdraws it or it turns out not to be a complaint).",
    )
    is_justified = fields.Boolean(
        string="Justified",
        groups="base.group_user",
        tracking=True,
        help="Tick when the complaint was well-founded, in whole or in part: "
        "the association was at fault. A justified complaint can only be "
        "closed once a corrective action is linked to it, so that the cause "
        "does not recur.",
    )
    corrective_action_ids = fields.Many2many(
        comodel_name="reclamation.corrective.action",
        relation="reclamation_corrective_action_ticket_rel",
        column1="ticket_id",
        column2="action_id",
        string="Corrective actions",
        groups="base.group_user",
        help="The corrective actions taken so that what caused this complaint "
        "does not happen again.",
    )
    corrective_action_count = fields.Integer(
        string="Corrective action count",
        groups="base.group_user",
        compute="_compute_corrective_action_count",
    )

    @api.depends("corrective_action_ids")
    def _compute_corrective_action_count(self):
        for ticket in self:
            ticket.corrective_action_count = len(ticket.corrective_action_ids)

    def _requires_closure_review(self):
        """Whether closing this ticket needs a root cause (and, when
        justified, a corrective action): only a complaint under the charter
        closed as answered. A withdrawal by the customer closes nothing the
        association answered, and a ticket qualified as an information or
        service request (not a complaint) is no complaint: neither has a
        root cause to record."""
        self.ensure_one()
        if not self.is_charter_complaint or not self.closed:
            return False
        withdrawn = self.env.ref(
            "reclamation_charter.helpdesk_ticket_stage_withdrawn",
            raise_if_not_found=False,
        )
        if withdrawn and self.stage_id == withdrawn:
            return False
        # The customer's withdrawal into the team's first closing stage (when
        # there is no withdrawal stage): only _withdraw_complaint sets the
        # flag, on a write it makes as the superuser.
        if self._is_managed_write() and self.env.context.get("reclamation_withdrawal"):
            return False
        return self._get_closure_outcome() not in self._CLOSURE_EXEMPT_OUTCOMES

    # Outcomes of the decision that close a complaint without an answer on
    # its merits: nothing to learn from as a root cause.
    _CLOSURE_EXEMPT_OUTCOMES = ("withdrawn", "not_a_complaint")

    def _get_closure_outcome(self):
        """The outcome of the complaint's decision, when decisions are
        recorded (``resolution_outcome``), else False."""
        self.ensure_one()
        if "resolution_outcome" in self._fields:
            return self.resolution_outcome
        return False

    @api.constrains(
        "stage_id", "root_cause_id", "is_justified", "corrective_action_ids"
    )
    def _check_closure_review(self):
        """Holds for every write (form, statusbar, import, RPC, the
        product's own operations): a complaint closed as answered has a root
        cause, and a justified one a corrective action."""
        for ticket in self:
            if not ticket._requires_closure_review():
                continue
            if not ticket.root_cause_id:
                raise ValidationError(
                    self.env._(
                        "%(ticket)s cannot be closed without its root cause: "
                        "say why the complaint arose and whether it was "
                        "justified (the Close button, or the Closure section "
                        "of the complaint before its decision is sent).",
                        ticket=ticket.display_name,
                    )
                )
            if ticket.is_justified and not ticket.corrective_action_ids:
                raise ValidationError(
                    self.env._(
                        "%(ticket)s was justified: link a corrective action "
                        "(its owner, due date and what will change) before "
                        "closing it.",
                        ticket=ticket.display_name,
                    )
                )

    def action_open_close_wizard(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_complaint_close_action"
        ) | {"context": {"default_ticket_id": self.id}}

    def action_view_corrective_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "reclamation_charter.reclamation_corrective_action_action"
        )
        action["domain"] = [("complaint_ids", "in", self.ids)]
        action["context"] = {
            "default_complaint_ids": [(6, 0, self.ids)],
            "default_root_cause_id": self.root_cause_id.id,
        }
        return action

    def _get_closing_stages(self):
        """The stages a handler closes this complaint into: its team's
        closing stages, the customer's withdrawal stage excepted."""
        self.ensure_one()
        withdrawn = self.env.ref(
            "reclamation_charter.helpdesk_ticket_stage_withdrawn",
            raise_if_not_found=False,
        )
        stages = self.team_id._get_applicable_stages().filtered("closed")
        return (stages - withdrawn).sorted("sequence") if withdrawn else stages

    def _get_closure_review_defaults(self):
        """The closure review recorded so far (root cause, justified,
        corrective actions): the defaults of the wizards that ask for it
        (Close, and the decision that closes the complaint)."""
        self.ensure_one()
        return {
            "root_cause_id": self.root_cause_id.id,
            "is_justified": self.is_justified,
            "corrective_action_ids": [Command.set(self.corrective_action_ids.ids)],
        }

    def _close_complaint(self, stage, root_cause, is_justified, actions):
        """A handler closes the complaint with its root cause, whether it was
        justified and the corrective actions taken: one write (the closure
        rule holds on it), logged as a decision."""
        self.ensure_one()
        if not self.env.user.has_group("reclamation_charter.group_reclamation_handler"):
            raise AccessError(self.env._("Only complaint handlers close complaints."))
        self.check_access("write")
        if stage not in self._get_closing_stages():
            raise UserError(
                self.env._(
                    "%(stage)s is not a closing stage of %(ticket)s's desk.",
                    stage=stage.display_name,
                    ticket=self.display_name,
                )
            )
        before = self.stage_id
        self.write(
            {
                "stage_id": stage.id,
                "root_cause_id": root_cause.id,
                "is_justified": is_justified,
                "corrective_action_ids": [(6, 0, actions.ids)],
            }
        )
        self.env["reclamation.decision.log"]._log(
            "closure",
            self,
            before=before.name or "",
            after=stage.name,
            before_values={"stage_id": before},
            after_values={
                "stage_id": stage,
                "root_cause_id": root_cause,
                "is_justified": is_justified,
            },
        )
        return True
