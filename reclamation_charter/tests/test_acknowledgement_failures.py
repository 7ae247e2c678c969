# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.addons.mail.tests.common import MailCase

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestAcknowledgementFailures(ReclamationCase, MailCase):
    """One complaint whose acknowledgement fails does not block the others:
    it is flagged for a person, who retries it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cron = cls.env.ref("reclamation_charter.ir_cron_send_acknowledgements")
        cls.failed_type = cls.env.ref(
            "reclamation_charter.mail_activity_type_acknowledgement_failed"
        )

    def _run_job(self):
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()

    def _ack_messages(self, complaint):
        return complaint.message_ids.filtered(
            lambda m: m.message_type == "auto_comment"
        )

    def _run_job_failing_for(self, bad):
        Template = type(self.env["mail.template"])
        generate = Template._generate_template

        def generate_failing(template, res_ids, *args, **kwargs):
            if bad.id in res_ids:
                raise ValueError("the template cannot be rendered for this one")
            return generate(template, res_ids, *args, **kwargs)

        with patch.object(Template, "_generate_template", generate_failing):
            self._run_job()

    def test_failed_acknowledgement_is_flagged_and_others_are_sent(self):
        first = self._create_complaint(name="First")
        bad = self._create_complaint(name="Bad one", user_id=self.handler.id)
        last = self._create_complaint(name="Last")
        self._run_job_failing_for(bad)
        for complaint in (first, last):
            self.assertEqual(complaint.ack_state, "sent")
            self.assertEqual(len(self._ack_messages(complaint)), 1)
        self.assertEqual(bad.ack_state, "failed")
        self.assertFalse(self._ack_messages(bad))
        activity = bad.activity_ids.filtered(
            lambda a: a.activity_type_id == self.failed_type
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.handler)
        self.assertIn("cannot be rendered", str(activity.note))

        # Left alone by the next runs until a person retries it.
        self._run_job()
        self.assertEqual(bad.ack_state, "failed")
        self.assertFalse(self._ack_messages(bad))

        bad.with_user(self.handler).action_retry_acknowledgement()
        self.assertEqual(bad.ack_state, "pending")
        self.assertFalse(
            bad.activity_ids.filtered(lambda a: a.activity_type_id == self.failed_type)
        )
        self._run_job()
        self.assertEqual(bad.ack_state, "sent")
        self.assertEqual(len(self._ack_messages(bad)), 1)
        self.assertEqual(len(self._ack_messages(first)), 1, "sent once")

    def test_requalified_failed_complaint_leaves_the_queue(self):
        bad = self._create_complaint()
        self._run_job_failing_for(bad)
        self.assertEqual(bad.ack_state, "failed")
        bad.complaint_kind = "information"
        self.assertFalse(bad.ack_state)


@tagged("post_install", "-at_install")
class TestAcknowledgementConcurrency(TransactionCase):
    """A complaint a user is editing while the job runs is skipped and
    acknowledged by the next run. Rows must be committed to be locked by
    another transaction: this test commits its own data and removes it."""

    def _new_env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {})

    def _create_committed_complaints(self):
        with self.registry.cursor() as cr:
            env = self._new_env(cr)
            desk = env["helpdesk.ticket.team"].create(
                {"name": "Concurrency desk", "is_complaint_desk": True}
            )
            partner = env["res.partner"].create(
                {"name": "Concurrent customer", "email": "concurrent@example.com"}
            )
            tickets = env["helpdesk.ticket"].create(
                [
                    {
                        "name": name,
                        "description": "<p>.</p>",
                        "team_id": desk.id,
                        "partner_id": partner.id,
                    }
                    for name in ("Free", "Being edited")
                ]
            )
            ids = (desk.id, partner.id, tickets.ids)
            # Two transactions must see the rows to lock them: this test
            # commits its data, and removes it in its cleanup.
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._remove, *ids)
        return ids

    def _remove(self, desk_id, partner_id, ticket_ids):
        """Complaints are never deleted by the application: the test removes
        its committed data as an uninstallation would, past the guards."""
        with self.registry.cursor() as cr:
            env = self._new_env(cr)(
                context={MODULE_UNINSTALL_FLAG: True, "active_test": False}
            )
            env["reclamation.decision.log"].search(
                [("ticket_id", "in", ticket_ids)]
            ).unlink()
            env["helpdesk.ticket"].browse(ticket_ids).unlink()
            env["helpdesk.ticket.team"].browse(desk_id).unlink()
            env["res.partner"].browse(partner_id).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _run_job(self):
        with self.registry.cursor() as cr:
            cr.execute("SET lock_timeout = '10s'")
            try:
                self._new_env(cr)["helpdesk.ticket"]._cron_send_acknowledgements()
                cr.commit()  # pylint: disable=invalid-commit
            finally:
                cr.execute("RESET lock_timeout")

    def _states(self, ticket_ids):
        with self.registry.cursor() as cr:
            tickets = self._new_env(cr)["helpdesk.ticket"].browse(ticket_ids)
            return tickets.mapped("ack_state")

    def test_complaint_being_edited_is_left_to_the_next_run(self):
        _desk_id, _partner_id, (free_id, edited_id) = (
            self._create_committed_complaints()
        )
        self.assertEqual(self._states([free_id, edited_id]), ["pending", "pending"])
        with self.registry.cursor() as editor:
            # A user's transaction holds the complaint while the job runs.
            editor.execute(
                "SELECT id FROM helpdesk_ticket WHERE id = %s FOR UPDATE", [edited_id]
            )
            self._run_job()
            editor.rollback()
        self.assertEqual(self._states([free_id, edited_id]), ["sent", "pending"])
        self._run_job()
        self.assertEqual(self._states([free_id, edited_id]), ["sent", "sent"])
