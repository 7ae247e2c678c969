# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import psycopg2

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestComplaintDeletion(ReclamationCase):
    """Nobody deletes a complaint: it is anonymised when its time comes, and
    the decision log keeps its link to it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls._create_complaint()
        cls.complaint.with_user(cls.handler).complexity = "complex"
        cls.entry = cls.env["reclamation.decision.log"].search(
            [("ticket_id", "=", cls.complaint.id)]
        )

    def _assert_kept(self, complaint, entries):
        self.assertTrue(complaint.exists())
        entries.invalidate_recordset()
        self.assertEqual(entries.ticket_id, complaint)

    def test_manager_cannot_delete_a_complaint(self):
        self.assertTrue(self.entry)
        with self.assertRaises(UserError):
            self.complaint.with_user(self.manager).unlink()
        self._assert_kept(self.complaint, self.entry)

    def test_not_even_under_legal_hold_or_as_superuser(self):
        self.complaint.with_user(self.dpo)._set_legal_hold("Court case 26/123")
        entries = self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", self.complaint.id)]
        )
        for env in (self.env(user=self.manager), self.env(user=self.dpo), self.env):
            with self.subTest(user=env.user.login), self.assertRaises(UserError):
                self.complaint.with_env(env).unlink()
        self._assert_kept(self.complaint, entries)
        self.assertTrue(self.complaint.legal_hold)

    def test_closed_and_anonymised_complaints_are_kept_too(self):
        closed = self.env["helpdesk.ticket.stage"].create(
            {"name": "Closed (test)", "closed": True, "team_ids": [(4, self.desk.id)]}
        )
        self.complaint.write(
            {"stage_id": closed.id, "root_cause_id": self.root_cause.id}
        )
        self.complaint.with_user(self.dpo)._anonymise("Erasure request")
        with self.assertRaises(UserError):
            self.complaint.with_user(self.manager).unlink()
        self._assert_kept(self.complaint, self.entry)

    def test_the_log_keeps_its_link_even_in_sql(self):
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ForeignKeyViolation),
            self.env.cr.savepoint(),
        ):
            self.env.cr.execute(
                SQL("DELETE FROM helpdesk_ticket WHERE id = %s", self.complaint.id)
            )
        self._assert_kept(self.complaint, self.entry)

    def test_a_plain_helpdesk_ticket_can_still_be_deleted(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Printer jam",
                "description": "<p>Third floor.</p>",
                "team_id": self.support.id,
            }
        )
        self.assertFalse(ticket.is_complaint_desk)
        ticket.with_user(self.manager).unlink()
        self.assertFalse(ticket.exists())
