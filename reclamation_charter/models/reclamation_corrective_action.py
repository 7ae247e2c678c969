# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

REMINDER_BATCH_SIZE = 500

CORRECTIVE_ACTION_STATES = [
    ("planned", "Planned"),
    ("in_progress", "In progress"),
    ("done", "Done"),
    ("verified_effective", "Verified effective"),
    ("not_effective", "Not effective"),
]


class ReclamationCorrectiveAction(models.Model):
    """What the association changes so that a justified complaint does not
    recur (charter article 6, ISO 10002 8.4): an owner, a due date, its
    progress, and a check of its effectiveness once done."""

    _name = "reclamation.corrective.action"
    _description = "Corrective Action"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_deadline, id"

    name = fields.Char(
        string="Description",
        required=True,
        tracking=True,
        help="What will change, in a sentence.",
    )
    details = fields.Html(help="How it will be done, and by whom.")
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Owner",
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
        help="The person accountable for carrying out this action.",
    )
    date_deadline = fields.Date(
        string="Due date",
        tracking=True,
        index=True,
        help="When the action must be done.",
    )
    state = fields.Selection(
        selection=CORRECTIVE_ACTION_STATES,
        default="planned",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    complaint_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        relation="reclamation_corrective_action_ticket_rel",
        column1="action_id",
        column2="ticket_id",
        string="Complaints",
        domain="[('is_complaint_desk', '=', True)]",
        help="The complaints that led to this action.",
    )
    complaint_count = fields.Integer(
        string="Complaint count", compute="_compute_complaint_count"
    )
    root_cause_id = fields.Many2one(
        comodel_name="reclamation.root.cause",
        string="Root cause",
        index="btree_not_null",
        tracking=True,
        help="The cause this action addresses.",
    )
    done_date = fields.Date(
        string="Done on",
        copy=False,
        readonly=True,
        help="When the owner marked the action done.",
    )
    review_date = fields.Date(
        string="Effectiveness review on",
        copy=False,
        tracking=True,
        help="When the complaint manager checks whether the action worked "
        "(set when the action is done, from the company's review delay).",
    )
    review_notes = fields.Text(
        string="Effectiveness review",
        tracking=True,
        help="What the review found: did complaints with this cause stop?",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
    )
    overdue_reminded_on = fields.Date(
        string="Overdue reminder sent on",
        copy=False,
        readonly=True,
    )

    @api.depends("complaint_ids")
    def _compute_complaint_count(self):
        for action in self:
            action.complaint_count = len(action.complaint_ids)

    @api.depends("date_deadline", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = bool(
                action.state in ("planned", "in_progress")
                and action.date_deadline
                and action.date_deadline < today
            )

    @api.model
    def _get_overdue_domain(self, today=None):
        today = today or fields.Date.context_today(self)
        return Domain("state", "in", ("planned", "in_progress")) & Domain(
            "date_deadline", "<", today
        )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = self._get_overdue_domain()
        return domain if (operator == "=") == value else ~domain

    @api.constrains("user_id", "date_deadline")
    def _check_owner_and_deadline(self):
        for action in self:
            if not action.user_id:
                raise ValidationError(
                    self.env._(
                        "The corrective action %(action)s needs an owner: the "
                        "person accountable for carrying it out.",
                        action=action.name or "",
                    )
                )
            if not action.date_deadline:
                raise ValidationError(
                    self.env._(
                        "The corrective action %(action)s needs a due date: "
                        "when it must be done.",
                        action=action.name or "",
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_complaints(self):
        linked = self.filtered(lambda a: any(a.complaint_ids.mapped("closed")))
        if linked:
            raise UserError(
                self.env._(
                    "The corrective action %(action)s answers closed complaints: "
                    "it is kept as their record. Mark it not effective instead.",
                    action=linked[0].name,
                )
            )

    # Set only by the state buttons (which check who may take the step, e.g.
    # a complaint manager records the effectiveness) and the reminder cron.
    _STEP_FIELDS = frozenset({"state", "done_date", "overdue_reminded_on"})

    def _check_step_fields(self, vals, creating=False):
        if self.env.su:
            return
        given = set(self._STEP_FIELDS.intersection(vals))
        if creating and vals.get("state", "planned") == "planned":
            given.discard("state")
        if given:
            raise AccessError(
                self.env._(
                    "The progress of a corrective action is recorded with its "
                    "buttons only."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_step_fields(vals, creating=True)
        actions = super().create(vals_list)
        actions._schedule_owner_activity()
        return actions

    # The fields the write rule of the desks' handlers is judged on.
    _RULE_FIELDS = frozenset({"complaint_ids", "user_id", "company_id"})

    def write(self, vals):
        self._check_step_fields(vals)
        # The rule is judged on the action as it is, before anything is read
        # as the user (who may see only some of its complaints)...
        self.check_access("write")
        complaints_before = self.complaint_ids if "complaint_ids" in vals else None
        res = super().write(vals)
        if not self.env.su and self._RULE_FIELDS.intersection(vals):
            # ... and as it becomes: a handler does not hand an action over
            # to another desk's complaints or owner out of their reach.
            self.invalidate_recordset(list(self._RULE_FIELDS))
            self.check_access("write")
        if complaints_before is not None:
            # A justified complaint closed with this action keeps one.
            (complaints_before - self.complaint_ids)._check_closure_review()
        if "user_id" in vals or "date_deadline" in vals:
            self._schedule_owner_activity()
        return res

    def _schedule_owner_activity(self):
        """A to-do for the owner, due on the action's due date; an existing
        one follows a new owner or due date (only a new owner is notified)."""
        activity_type = self.env.ref(
            "reclamation_charter.mail_activity_type_corrective_action"
        )
        open_actions = self.filtered(
            lambda a: a.state in ("planned", "in_progress") and a.user_id
        )
        if not open_actions:
            return
        # The activities of the action's owner are the product's to manage:
        # the user may change the action (checked by the write above).
        existing = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", open_actions.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
        )
        kept = {}
        for activity in existing:
            kept.setdefault(activity.res_id, activity)
        (existing - self.env["mail.activity"].concat(*kept.values())).unlink()
        # Moved in place, grouped by new owner and due date: a new due date
        # alone is no new assignment to notify.
        moves = defaultdict(lambda: self.env["mail.activity"].sudo())
        for action in open_actions.filtered(lambda a: a.id in kept):
            activity = kept[action.id]
            target = (action.user_id, action.date_deadline)
            if (activity.user_id, activity.date_deadline) != target:
                moves[target] |= activity
        for (user, deadline), activities in moves.items():
            activities.write({"user_id": user.id, "date_deadline": deadline})
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "automated": True,
                    "res_id": action.id,
                    "activity_type_id": activity_type.id,
                    "summary": action.name,
                    "user_id": action.user_id.id,
                    "date_deadline": action.date_deadline,
                }
                for action in open_actions
                if action.id not in kept
            ]
        )

    # State buttons

    def _set_state(self, state, allowed_from):
        wrong = self.filtered(lambda a: a.state not in allowed_from)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "The corrective action %(action)s is %(state)s: it cannot "
                    "become %(new)s.",
                    action=wrong[0].name,
                    state=labels[wrong[0].state],
                    new=labels[state],
                )
            )
        self.check_access("write")
        # Checked just above (and by the callers: the review's result is a
        # complaint manager's).
        self.sudo().write({"state": state})

    def action_start(self):
        self._set_state("in_progress", ("planned",))

    def action_done(self):
        self._set_state("done", ("planned", "in_progress"))
        today = fields.Date.context_today(self)
        for company, actions in self.grouped("company_id").items():
            delay = company.reclamation_action_review_days
            # The right to change the actions was checked by _set_state.
            actions.sudo().write(
                {"done_date": today, "review_date": today + timedelta(days=delay)}
            )
        self._close_owner_activities()
        self._schedule_effectiveness_review()

    def action_verified_effective(self):
        self._check_review_rights()
        self._set_state("verified_effective", ("done", "not_effective"))
        self._close_review_activities()

    def action_not_effective(self):
        self._check_review_rights()
        self._set_state("not_effective", ("done", "verified_effective"))
        self._close_review_activities()

    def action_reopen(self):
        self._set_state("in_progress", ("done", "not_effective"))
        # The right to change the actions was checked by _set_state.
        self.sudo().write({"done_date": False, "review_date": False})
        self._schedule_owner_activity()

    def _check_review_rights(self):
        if not self.env.user.has_group("reclamation_charter.group_reclamation_manager"):
            raise UserError(
                self.env._(
                    "Only a complaint manager records whether a corrective "
                    "action was effective."
                )
            )
        if any(not action.review_notes for action in self):
            raise UserError(
                self.env._(
                    "Write what the effectiveness review found before "
                    "recording its result."
                )
            )

    def _close_owner_activities(self):
        self.activity_feedback(
            ["reclamation_charter.mail_activity_type_corrective_action"],
            only_automated=False,
        )

    def _close_review_activities(self):
        self.activity_feedback(
            ["reclamation_charter.mail_activity_type_corrective_action_review"],
            only_automated=False,
        )

    def _get_review_user(self):
        """The complaint manager who reviews the action: the manager of the
        desk of its first complaint, else the action's creator."""
        self.ensure_one()
        return (
            self.complaint_ids[:1].team_id.user_id or self.create_uid or self.env.user
        )

    def _schedule_effectiveness_review(self):
        activity_type = self.env.ref(
            "reclamation_charter.mail_activity_type_corrective_action_review"
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        # The action was marked done by a user who may change it (checked
        # by the write above); the review is the complaint manager's.
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "automated": True,
                    "res_id": action.id,
                    "activity_type_id": activity_type.id,
                    "summary": activity_type.summary,
                    "user_id": action._get_review_user().id,
                    "date_deadline": action.review_date,
                }
                for action in self
            ]
        )

    # Overdue reminders (daily job)

    @api.model
    def _cron_remind_overdue(self, batch_size=REMINDER_BATCH_SIZE):
        today = fields.Date.context_today(self)
        domain = self._get_overdue_domain(today) & (
            Domain("overdue_reminded_on", "=", False)
            | Domain("overdue_reminded_on", "<", today - timedelta(days=6))
        )
        while True:
            actions = self.search(domain, limit=batch_size, order="id")
            if not actions:
                break
            actions._send_overdue_reminders(today)
            remaining = self.search_count(domain)
            if not self.env["ir.cron"]._commit_progress(
                len(actions), remaining=remaining
            ):
                break

    def _send_overdue_reminders(self, today):
        """An activity for each owner, at most once a week per action."""
        activity_type = self.env.ref(
            "reclamation_charter.mail_activity_type_corrective_action_overdue"
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": model_id,
                    "automated": True,
                    "res_id": action.id,
                    "activity_type_id": activity_type.id,
                    "summary": activity_type.summary,
                    "user_id": action.user_id.id,
                    "date_deadline": today,
                }
                for action in self
            ]
        )
        # The reminders' own bookkeeping (cron).
        self.sudo().write({"overdue_reminded_on": today})
