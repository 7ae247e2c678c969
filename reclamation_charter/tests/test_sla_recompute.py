# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ReclamationCase
from .test_sla import FRENCH_HOLIDAYS_2026, make_calendar, paris


@tagged("post_install", "-at_install")
class TestSlaRecomputeJob(ReclamationCase):
    """A change of policy, calendar or public holidays only queues the
    recomputation of open complaints; a job does it in committed batches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = make_calendar(
            cls.env,
            "Office hours",
            range(5),
            [(9, 12), (13, 17)],
            FRENCH_HOLIDAYS_2026,
        )
        cls.other_calendar = make_calendar(
            cls.env, "Mon-Sat", range(6), [(9, 12), (13, 17)]
        )
        cls.desk.resource_calendar_id = cls.calendar
        cls.policy = cls.env["reclamation.sla.policy"].create(
            {
                "name": "Simple",
                "ack_amount": 1,
                "ack_unit": "working_days",
                "resolution_amount": 10,
                "resolution_unit": "working_days",
            }
        )
        cls.complaints = cls.env["helpdesk.ticket"].browse(
            [
                cls._create_complaint(
                    name=f"Complaint {n}", received_date=paris(2026, 11, 2, 10, 0)
                ).id
                for n in range(5)
            ]
        )
        cls.closed = cls._create_complaint(received_date=paris(2026, 11, 2, 10, 0))
        cls.closed.write(
            {
                "stage_id": cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
                "root_cause_id": cls.root_cause.id,
            }
        )

    def _pending(self):
        return self.env["reclamation.sla.recompute"].search(
            [("state", "in", ("queued", "running"))]
        )

    def test_policy_change_is_queued_not_done_in_the_request(self):
        # Ten working days from Monday 2 November (11th is a holiday).
        deadline = paris(2026, 11, 17, 17, 0)
        self.assertEqual(set(self.complaints.mapped("resolution_deadline")), {deadline})
        policy = self.policy.with_user(self.manager)
        policy.resolution_amount = 5
        policy.update_amount = 10
        self.env.flush_all()
        self.complaints.invalidate_recordset()
        self.assertEqual(
            set(self.complaints.mapped("resolution_deadline")),
            {deadline},
            "not recomputed in the administrator's request",
        )
        request = self._pending()
        self.assertEqual(len(request), 1, "one pending request per scope")
        self.assertEqual(request.scope, "policy")
        self.assertEqual(request.state, "queued")
        self.assertEqual(request.requested_by_id, self.manager)
        self.assertEqual(request.reason, "the deadline policy changed")
        self.assertEqual(request.total_count, 5, "open complaints only")
        cron = self.env.ref("reclamation_charter.ir_cron_recompute_sla_deadlines")
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]),
            "the job is triggered right away",
        )
        self.assertEqual(
            policy.recompute_message,
            "Deadlines of 5 open complaints are being recomputed.",
        )
        self.assertTrue(
            self.env["reclamation.sla.recompute"]
            .with_user(self.manager)
            .search([("id", "=", request.id)])
        )

    def test_job_moves_open_complaints_and_logs_each_move(self):
        closed_deadline = self.closed.resolution_deadline
        self.policy.with_user(self.manager).resolution_amount = 5
        request = self._pending()
        self._run_deadline_recompute()
        # Monday 2: 3, 4, 5, 6, 9 November.
        self.assertEqual(
            set(self.complaints.mapped("resolution_deadline")),
            {paris(2026, 11, 9, 17, 0)},
        )
        self.assertEqual(self.closed.resolution_deadline, closed_deadline)
        self.assertEqual(request.state, "done")
        self.assertEqual((request.done_count, request.total_count), (5, 5))
        self.assertTrue(request.date_done)
        self.assertFalse(self.policy.recompute_message)
        moves = self.env["reclamation.decision.log"].search(
            [("ticket_id", "in", self.complaints.ids), ("kind", "=", "deadline")]
        )
        self.assertEqual(len(moves), 5)
        self.assertEqual(set(moves.mapped("reason")), {"the deadline policy changed"})
        self.assertEqual(moves.user_id, self.manager, "the change's author")
        self.assertIn("policy changed", self.complaints[0].message_ids[0].body)
        self.assertFalse(
            self.env["reclamation.decision.log"].search(
                [("ticket_id", "=", self.closed.id), ("kind", "=", "deadline")]
            )
        )

    def test_leave_change_queues_one_request_per_calendar(self):
        leave = self.env["resource.calendar.leaves"].create(
            {
                "name": "Closure",
                "calendar_id": self.calendar.id,
                "date_from": paris(2026, 11, 3, 0, 0),
                "date_to": paris(2026, 11, 3, 23, 59, 59),
            }
        )
        self.assertEqual(self._pending().calendar_id, self.calendar)
        self._run_deadline_recompute()
        self.assertEqual(
            set(self.complaints.mapped("ack_deadline")), {paris(2026, 11, 4, 17, 0)}
        )
        self.assertFalse(self._pending())
        self.assertFalse(self.calendar.reclamation_recompute_message)

        leave.write({"date_to": paris(2026, 11, 4, 23, 59, 59)})
        request = self._pending()
        self.assertEqual(len(request), 1, "not once before and once after")
        self.assertEqual(request.calendar_id, self.calendar)
        self.assertEqual(request.reason, "a public holiday or closure changed")
        self.calendar.invalidate_recordset(["reclamation_recompute_message"])
        self.assertIn("5 open complaints", self.calendar.reclamation_recompute_message)

        # Moved to a calendar no open complaint is counted on: nothing to
        # queue for it; the pending request of the first takes the change.
        leave.calendar_id = self.other_calendar
        self.assertEqual(self._pending(), request)
        self._run_deadline_recompute()
        self.assertEqual(
            set(self.complaints.mapped("ack_deadline")), {paris(2026, 11, 3, 17, 0)}
        )

    def test_batches_commit_and_an_interrupted_run_resumes(self):
        """The worker dies during the second batch: the first batch, already
        committed, stays done; the next run goes on from there."""
        Ticket = type(self.env["helpdesk.ticket"])
        original = Ticket._recompute_sla_deadlines
        calls = []

        def recompute_then_die(tickets, reason):
            calls.append(tickets.ids)
            if len(calls) > 1:
                original(tickets[:1], reason)  # half of the batch written, then...
                raise WorkerKilled()
            return original(tickets, reason)

        self.policy.resolution_amount = 5
        request = self._pending()
        killed = False
        with (
            self.enter_registry_test_mode(),
            patch.object(Ticket, "_recompute_sla_deadlines", recompute_then_die),
        ):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env["reclamation.sla.recompute"]._cron_recompute_sla_deadlines(
                        batch_size=2
                    )
            except WorkerKilled:
                killed = True
        self.assertTrue(killed)
        self.env.invalidate_all()
        moved = self.complaints.filtered(
            lambda t: t.resolution_deadline == paris(2026, 11, 9, 17, 0)
        )
        self.assertEqual(moved, self.complaints[:2], "the first batch only")
        self.assertEqual(request.state, "running")
        self.assertEqual(request.done_count, 2)
        self._run_deadline_recompute()
        self.assertEqual(
            set(self.complaints.mapped("resolution_deadline")),
            {paris(2026, 11, 9, 17, 0)},
        )
        self.assertEqual((request.state, request.done_count), ("done", 5))
        self.assertEqual(
            self.env["reclamation.decision.log"].search_count(
                [("ticket_id", "in", self.complaints.ids), ("kind", "=", "deadline")]
            ),
            5,
            "each complaint moved and logged once",
        )

    def test_a_failed_batch_is_reported_and_can_be_retried(self):
        Ticket = type(self.env["helpdesk.ticket"])
        self.policy.resolution_amount = 5
        request = self._pending()
        with (
            patch.object(
                Ticket, "_recompute_sla_deadlines", side_effect=ValueError("boom")
            ),
            self.assertLogs(
                "odoo.addons.reclamation_charter.models.reclamation_sla_recompute",
                "ERROR",
            ),
        ):
            self._run_deadline_recompute()
        self.assertEqual(request.state, "failed")
        self.assertIn("boom", request.error)
        self.assertEqual(
            set(self.complaints.mapped("resolution_deadline")),
            {paris(2026, 11, 17, 17, 0)},
            "nothing half done",
        )
        request.with_user(self.manager).action_retry()
        self._run_deadline_recompute()
        self.assertEqual(request.state, "done")
        self.assertEqual(
            set(self.complaints.mapped("resolution_deadline")),
            {paris(2026, 11, 9, 17, 0)},
        )

    def test_moves_of_a_batch_are_logged_in_one_insert(self):
        Log = type(self.env["reclamation.decision.log"])
        create = Log.create
        self.policy.resolution_amount = 5
        with patch.object(Log, "create", autospec=True, side_effect=create) as spy:
            self._run_deadline_recompute()
        deadline_logs = [
            call.args[1]
            for call in spy.call_args_list
            if call.args[1] and call.args[1][0]["kind"] == "deadline"
        ]
        self.assertEqual(len(deadline_logs), 1, "one insert for the batch")
        self.assertEqual(
            {vals["ticket_id"] for vals in deadline_logs[0]}, set(self.complaints.ids)
        )
        for complaint in self.complaints:
            note = complaint.message_ids.filtered(
                lambda m: "Deadlines recomputed" in (m.body or "")
            )
            self.assertEqual(len(note), 1, "each complaint still gets its note")

    def test_renaming_a_public_holiday_queues_nothing(self):
        leave = self.env["resource.calendar.leaves"].create(
            {
                "name": "Closure",
                "calendar_id": self.calendar.id,
                "date_from": paris(2026, 11, 3, 0, 0),
                "date_to": paris(2026, 11, 3, 23, 59, 59),
            }
        )
        self._run_deadline_recompute()
        leave.name = "Staff day"
        self.assertFalse(self._pending(), "the deadlines do not depend on its name")
        leave.date_to = paris(2026, 11, 4, 23, 59, 59)
        self.assertEqual(self._pending().calendar_id, self.calendar)

    def test_policy_moved_to_another_company_recomputes_those_it_left(self):
        self.assertEqual(set(self.complaints.mapped("sla_policy_id")), {self.policy})
        elsewhere = self.env["res.company"].create({"name": "Another association"})
        self.policy.company_id = elsewhere
        request = self._pending()
        self.assertEqual(len(request), 1)
        self.assertEqual(request.total_count, 5, "the complaints it applied to")
        self._run_deadline_recompute()
        self.assertFalse(
            self.complaints.sla_policy_id, "no policy of this company applies"
        )

    def test_the_queue_is_written_by_the_product_only(self):
        self.policy.resolution_amount = 5
        request = self._pending().with_user(self.manager)
        with self.assertRaises(AccessError):
            request.write({"state": "done"})
        self.assertEqual(request.state, "queued")


class WorkerKilled(BaseException):
    """Not an Exception: like a worker stopped by a signal or a time limit."""
