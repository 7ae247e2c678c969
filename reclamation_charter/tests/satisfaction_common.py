# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields

from .common import ReclamationCase


class SatisfactionMixin:
    """Closed complaints and the satisfaction job, for the survey tests."""

    @classmethod
    def _setup_satisfaction(cls):
        cls.closed_stage = cls.env["helpdesk.ticket.stage"].create(
            {"name": "Closed (survey)", "closed": True, "team_ids": [(4, cls.desk.id)]}
        )
        cls.survey = cls.env.ref("reclamation_charter.survey_complaint_satisfaction")
        cls.questions = {
            question.reclamation_satisfaction_item: question
            for question in cls.survey.question_ids
        }
        cls.cron = cls.env.ref("reclamation_charter.ir_cron_send_satisfaction_surveys")

    @classmethod
    def _closed_complaint(cls, days_ago=8, **values):
        complaint = cls._create_complaint(**values)
        # Closed by its handler, with its root cause (charter article 6).
        complaint.write(
            {
                "stage_id": cls.closed_stage.id,
                "root_cause_id": cls.env.ref("reclamation_charter.root_cause_delay").id,
            }
        )
        complaint.closed_date = fields.Datetime.now() - timedelta(days=days_ago)
        return complaint

    def _run_job(self):
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.env.invalidate_all()

    def _survey_messages(self, complaint, reminder=False):
        # In the customer's language: English or French.
        subjects = (
            ("Reminder: how was", "Rappel : comment")
            if reminder
            else ("How was", "Comment votre")
        )
        return complaint.message_ids.filtered(
            lambda m: (m.subject or "").startswith(subjects)
        )


class SatisfactionCase(SatisfactionMixin, ReclamationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_satisfaction()
