# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

_logger = logging.getLogger(__name__)

RECOMPUTE_BATCH_SIZE = 500
PENDING_STATES = ("queued", "running")


class ReclamationSlaRecompute(models.Model):
    """A request to recompute the deadlines of open complaints after a change
    outside them (deadline policy, working calendar, public holiday, a desk's
    calendar). The change only queues it; a job does the work in batches,
    committed one by one, and the administrator sees it under way."""

    _name = "reclamation.sla.recompute"
    _description = "Recomputation of Complaint Deadlines"
    _order = "id desc"
    _rec_name = "reason"

    reason = fields.Char(required=True, readonly=True)
    scope = fields.Selection(
        selection=[
            ("policy", "Deadline policies"),
            ("calendar", "Working calendar"),
            ("team", "Complaint desk"),
            ("all_calendars", "Every working calendar"),
        ],
        required=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        readonly=True,
        ondelete="cascade",
        help="Deadline policies: the company whose complaints are recomputed; "
        "empty: every company.",
    )
    calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working calendar",
        readonly=True,
        ondelete="cascade",
    )
    team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        string="Complaint desk",
        readonly=True,
        ondelete="cascade",
    )
    requested_by_id = fields.Many2one(
        comodel_name="res.users", string="Requested by", readonly=True
    )
    requested_on = fields.Datetime(
        default=fields.Datetime.now, readonly=True, required=True
    )
    state = fields.Selection(
        selection=[
            ("queued", "Queued"),
            ("running", "Under way"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        default="queued",
        required=True,
        readonly=True,
        index=True,
    )
    total_count = fields.Integer(string="Open complaints", readonly=True)
    done_count = fields.Integer(string="Recomputed", readonly=True)
    # Resume point: complaints are taken in id order, after this one.
    last_ticket_id = fields.Integer(string="Resume after complaint", readonly=True)
    date_done = fields.Datetime(string="Finished on", readonly=True)
    error = fields.Text(readonly=True)

    _SCOPE_FIELDS = {
        "policy": "company_id",
        "calendar": "calendar_id",
        "team": "team_id",
        "all_calendars": None,
    }

    @api.model
    def _enqueue(self, reason, scope, targets=None):
        """Queue the recomputation of the open complaints of ``targets``
        (companies for ``policy``, else calendars or desks; None: all of
        them), one pending request per scope: a request already queued for
        the same scope takes the new reason instead of a second one. The job
        is triggered to run right after the caller's transaction."""
        field = self._SCOPE_FIELDS[scope]
        keys = [False] if targets is None or not field else targets.ids
        if not keys:
            return self.browse()
        requester = self.env.user
        # The caller has just changed a policy, calendar, holiday or desk,
        # under its own access rights; the queue itself is internal.
        Request = self.sudo()
        requests = Request.browse()
        Ticket = self.env["helpdesk.ticket"].sudo()
        for key in keys:
            total = Ticket.search_count(self._get_scope_domain(scope, key))
            domain = Domain("state", "=", "queued") & Domain("scope", "=", scope)
            if field:
                domain &= Domain(field, "=", key)
            request = Request.search(domain, limit=1)
            if request:
                if reason not in request.reason.split("; "):
                    request.reason = f"{request.reason}; {reason}"
                request.total_count = total
            elif total:  # else no open complaint is concerned: nothing to do
                values = {
                    "reason": reason,
                    "scope": scope,
                    "requested_by_id": requester.id,
                    "total_count": total,
                }
                if field:
                    values[field] = key
                request = Request.create(values)
            requests |= request
        if requests:
            self.env.ref(
                "reclamation_charter.ir_cron_recompute_sla_deadlines"
            ).sudo()._trigger()
        return requests

    @api.model
    def _get_scope_domain(self, scope, key=False):
        """The open complaints a request of ``scope`` recomputes; ``key``:
        the id of its company (False: every company), calendar or desk."""
        domain = Domain("closed", "=", False)
        if scope == "policy":
            domain &= Domain("is_charter_complaint", "=", True)
            if key:
                domain &= Domain("company_id", "=", key)
        elif scope == "calendar":
            domain &= Domain("sla_calendar_id", "=", key)
        elif scope == "team":
            domain &= Domain("team_id", "=", key)
        else:
            domain &= Domain("sla_calendar_id", "!=", False)
        return domain

    def _get_ticket_domain(self):
        self.ensure_one()
        field = self._SCOPE_FIELDS[self.scope]
        return self._get_scope_domain(self.scope, field and self[field].id)

    def _count_tickets(self):
        self.ensure_one()
        # Counting only, for the progress of the job (run as the superuser).
        return (
            self.env["helpdesk.ticket"].sudo().search_count(self._get_ticket_domain())
        )

    @api.model
    def _cron_recompute_sla_deadlines(self, batch_size=RECOMPUTE_BATCH_SIZE):
        """Work through the pending requests, oldest first, ``batch_size``
        complaints at a time, committing after each batch: an interrupted run
        resumes where it stopped. A batch that fails marks its request failed
        (the administrator can retry it) and the next request goes on."""
        pending = Domain("state", "in", PENDING_STATES)
        while True:
            request = self.search(pending, order="id", limit=1)
            if not request:
                break
            processed = request._process_batch(batch_size)
            remaining = sum(
                max(r.total_count - r.done_count, 0) for r in self.search(pending)
            )
            if not self.env["ir.cron"]._commit_progress(processed, remaining=remaining):
                break

    def _process_batch(self, batch_size):
        """Recompute the next batch of the request; returns how many
        complaints it handled."""
        self.ensure_one()
        if self.state == "queued":
            self.write(
                {
                    "state": "running",
                    "total_count": self._count_tickets(),
                    "done_count": 0,
                    "last_ticket_id": 0,
                }
            )
        requester = self.requested_by_id or self.env.user
        # As the user who made the change (the log and the chatter name them),
        # with the superuser's rights the change was made with.
        Ticket = (
            self.env["helpdesk.ticket"]
            .with_user(requester)
            .with_context(lang=requester.lang)
            .sudo()
        )
        tickets = Ticket.search(
            self._get_ticket_domain() & Domain("id", ">", self.last_ticket_id),
            order="id",
            limit=batch_size,
        )
        if not tickets:
            self.write({"state": "done", "date_done": fields.Datetime.now()})
            return 0
        try:
            with self.env.cr.savepoint():
                tickets._recompute_sla_deadlines(self.reason)
        except Exception as error:
            _logger.exception("Recomputing complaint deadlines failed (%s)", self.id)
            self.write(
                {
                    "state": "failed",
                    "error": str(error),
                    "date_done": fields.Datetime.now(),
                }
            )
            return 0
        self.write(
            {
                "last_ticket_id": tickets[-1].id,
                "done_count": self.done_count + len(tickets),
            }
        )
        return len(tickets)

    def action_retry(self):
        """Resume failed requests from the batch that failed."""
        if self.filtered(lambda request: request.state != "failed"):
            raise UserError(self.env._("Only a failed recomputation can be retried."))
        # The queue is written by the product only: whoever may read these
        # requests (complaint managers, administrators) may retry them.
        self.check_access("read")
        self.sudo().write({"state": "running", "error": False, "date_done": False})
        self.env.ref(
            "reclamation_charter.ir_cron_recompute_sla_deadlines"
        ).sudo()._trigger()
        return True

    @api.model
    def _get_pending_message(self, domain=None):
        """The notice shown on policies and calendars while their complaints
        are being recomputed; False when nothing is pending."""
        requests = self.sudo().search(
            Domain("state", "in", PENDING_STATES) & Domain(domain or Domain.TRUE)
        )
        if not requests:
            return False
        count = sum(max(r.total_count - r.done_count, 0) for r in requests)
        return self.env._(
            "Deadlines of %(count)s open complaints are being recomputed.",
            count=count,
        )
