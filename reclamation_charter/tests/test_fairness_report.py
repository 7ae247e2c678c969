# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestFairnessReport(ReclamationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.email = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
        cls.phone = cls.env["helpdesk.ticket.channel"].search(
            [("id", "!=", cls.email.id)], limit=1
        )
        cls.french = cls.env["res.partner"].create(
            {"name": "Lucie Martin", "email": "lucie@example.com", "lang": "fr_FR"}
        )
        cls.customer.lang = "en_US"
        cls.done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    def _complaints(self, count, **values):
        return self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Complaint {index}",
                    "description": "<p>Unhappy</p>",
                    "team_id": self.desk.id,
                    "partner_id": self.customer.id,
                    "channel_id": self.email.id,
                    **values,
                }
                for index in range(count)
            ]
        )

    def _figures(self):
        self.env.flush_all()
        Report = self.env["reclamation.fairness.report"].with_user(self.manager)
        return {
            (row["channel_id"].id, row["lang"]): row
            for row in Report._get_fairness_figures()
        }

    def test_compares_channels_and_languages(self):
        received = fields.Datetime.now() - timedelta(days=4)
        english = self._complaints(2, received_date=received)
        french = self._complaints(
            1,
            received_date=received,
            partner_id=self.french.id,
            channel_id=self.phone.id,
        )
        # Answered two days after receipt, one of them.
        closed_on = received + timedelta(days=2)
        english[0].write(
            {"stage_id": self.done.id, "root_cause_id": self.root_cause.id}
        )
        english[0].closed_date = closed_on
        # Decided and surveyed (values set by the decision and the survey).
        english[0]._write_managed(
            {
                "resolution_outcome": "rejected",
                "satisfaction_state": "answered",
                "satisfaction_score": 2,
                "satisfaction_fairness_score": 1,
            }
        )
        english[1]._write_managed({"resolution_outcome": "upheld"})
        figures = self._figures()
        row = figures[(self.email.id, "en_US")]
        self.assertEqual(row["complaint_count"], 2)
        self.assertAlmostEqual(row["answer_days"], 2.0, places=3)
        self.assertIn(row["sla_success"], (0.0, 100.0))
        self.assertEqual(row["rejected_rate"], 50.0)
        self.assertEqual(row["upheld_rate"], 50.0)
        self.assertEqual(row["satisfaction_score"], 2.0)
        self.assertEqual(row["satisfaction_fairness_score"], 1.0)
        row = figures[(self.phone.id, "fr_FR")]
        self.assertEqual(row["complaint_count"], 1)
        self.assertFalse(row["answer_days"])
        self.assertFalse(row["rejected_rate"])
        self.assertFalse(row["satisfaction_score"])
        self.assertTrue(french)

    def test_query_count_does_not_grow(self):
        def queries():
            self._figures()  # warm the caches (access rights, rules)
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self._figures()
            return self.env.cr.sql_log_count - before

        self._complaints(10)
        ten = queries()
        self._complaints(90, partner_id=self.french.id, channel_id=self.phone.id)
        self.assertEqual(queries(), ten)

    def test_only_managers_and_dpo_read_it(self):
        self._complaints(1)
        Report = self.env["reclamation.fairness.report"]
        with self.assertRaises(AccessError):
            Report.with_user(self.handler).search([])
        self.assertTrue(Report.with_user(self.dpo).search([]))

    def test_dpo_reads_every_column(self):
        """The report is a view without the log columns: reading all its
        fields (as the list and export do) works."""
        self._complaints(1)
        self.env.flush_all()
        rows = (
            self.env["reclamation.fairness.report"].with_user(self.dpo).search_read([])
        )
        self.assertTrue(rows)
        self.assertIn("upheld_rate", rows[0])
        self.assertNotIn("create_uid", rows[0])
