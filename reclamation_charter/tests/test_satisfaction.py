# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .satisfaction_common import SatisfactionCase

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestSatisfactionSurvey(SatisfactionCase):
    """The satisfaction survey after closure: sent once, reminded once,
    never to a person who refused or whose processing is restricted, and the
    answers landing on the complaint (charter article 6)."""

    def _answer(
        self,
        complaint,
        overall=4,
        listening=5,
        clarity=4,
        deadlines=3,
        fairness=4,
        comment=None,
    ):
        """Answer as survey's controller saves them, then finish."""
        user_input = complaint.satisfaction_user_input_id.sudo()
        scores = {
            "overall": overall,
            "listening": listening,
            "clarity": clarity,
            "deadlines": deadlines,
            "fairness": fairness,
        }
        for item, score in scores.items():
            user_input._save_lines(self.questions[item], str(score))
        if comment:
            user_input._save_lines(self.questions["comment"], comment)
        user_input._mark_done()
        return user_input

    def test_shipped_survey_is_by_invitation_without_login(self):
        self.assertEqual(self.survey.access_mode, "token")
        self.assertFalse(self.survey.users_login_required)
        self.assertTrue(self.survey.is_attempts_limited)
        self.assertEqual(self.survey.attempts_limit, 1)
        self.assertEqual(
            set(self.questions),
            {"overall", "listening", "clarity", "deadlines", "fairness", "comment"},
        )
        for item in ("overall", "listening", "clarity", "deadlines", "fairness"):
            question = self.questions[item]
            self.assertEqual(question.question_type, "scale")
            self.assertEqual((question.scale_min, question.scale_max), (1, 5))
        self.assertEqual(self.questions["comment"].question_type, "text_box")

    def test_survey_officers_do_not_read_the_answers(self):
        """The answers tell about complaints: the survey is restricted."""
        complaint = self._closed_complaint()
        self._run_job()
        self._answer(complaint, comment="About my complaint")
        officer = new_test_user(
            self.env, login="rc-survey-officer", groups="survey.group_survey_user"
        )
        UserInput = self.env["survey.user_input"].with_user(officer)
        self.assertFalse(UserInput.search([("survey_id", "=", self.survey.id)]))
        self.assertFalse(
            self.env["survey.user_input.line"]
            .with_user(officer)
            .search([("survey_id", "=", self.survey.id)])
        )

    def test_invitation_sent_after_the_delay_once(self):
        self.customer.lang = "fr_FR"
        due = self._closed_complaint(days_ago=8)
        too_early = self._closed_complaint(days_ago=3)
        still_open = self._create_complaint()
        self._run_job()
        self.assertEqual(due.satisfaction_state, "sent")
        user_input = due.satisfaction_user_input_id
        self.assertEqual(user_input.survey_id, self.survey)
        self.assertEqual(user_input.partner_id, self.customer)
        self.assertEqual(user_input.lang_id.code, "fr_FR")
        self.assertTrue(user_input.invite_token)
        self.assertGreater(user_input.deadline, fields.Datetime.now())
        message = self._survey_messages(due)
        self.assertEqual(len(message), 1)
        self.assertIn(user_input.access_token, message.body)
        self.assertIn(self.customer, message.partner_ids)
        # Queued, not sent inside the job.
        mail = (
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        )
        self.assertEqual(mail.state, "outgoing")
        for ticket in (too_early, still_open):
            self.assertEqual(ticket.satisfaction_state, "none")
            self.assertFalse(ticket.satisfaction_user_input_id)
        # Never twice for one complaint.
        self._run_job()
        self.assertEqual(due.satisfaction_user_input_id, user_input)
        self.assertEqual(len(self._survey_messages(due)), 1)
        self.assertEqual(
            self.env["survey.user_input"].search_count(
                [
                    ("survey_id", "=", self.survey.id),
                    ("partner_id", "=", self.customer.id),
                ]
            ),
            1,
        )

    def test_not_sent_for_a_withdrawn_complaint_or_a_request(self):
        withdrawn = self._closed_complaint()
        withdrawn.stage_id = self.env.ref(
            "reclamation_charter.helpdesk_ticket_stage_withdrawn"
        )
        withdrawn.closed_date = fields.Datetime.now() - timedelta(days=8)
        request = self._closed_complaint(complaint_kind="information")
        self._run_job()
        self.assertEqual(withdrawn.satisfaction_state, "none")
        self.assertEqual(request.satisfaction_state, "none")

    def test_delay_is_the_company_setting(self):
        self.company.reclamation_survey_delay_days = 2
        complaint = self._closed_complaint(days_ago=3)
        self._run_job()
        self.assertEqual(complaint.satisfaction_state, "sent")
        with self.assertRaises(ValidationError):
            self.company.reclamation_survey_validity_days = 3  # <= reminder delay

    def test_one_reminder_when_unanswered(self):
        complaint = self._closed_complaint()
        self._run_job()
        self.assertEqual(complaint.satisfaction_state, "sent")
        self._run_job()
        self.assertFalse(self._survey_messages(complaint, reminder=True), "too early")
        complaint._write_managed(
            {"satisfaction_sent_date": fields.Datetime.now() - timedelta(days=8)}
        )
        self._run_job()
        self.assertEqual(complaint.satisfaction_state, "reminded")
        self.assertEqual(len(self._survey_messages(complaint, reminder=True)), 1)
        complaint._write_managed(
            {"satisfaction_sent_date": fields.Datetime.now() - timedelta(days=20)}
        )
        self._run_job()
        self.assertEqual(len(self._survey_messages(complaint, reminder=True)), 1)

    def test_no_reminder_once_answered(self):
        complaint = self._closed_complaint()
        self._run_job()
        self._answer(complaint)
        complaint._write_managed(
            {"satisfaction_sent_date": fields.Datetime.now() - timedelta(days=8)}
        )
        self._run_job()
        self.assertEqual(complaint.satisfaction_state, "answered")
        self.assertFalse(self._survey_messages(complaint, reminder=True))

    def test_never_sent_to_restricted_refused_or_anonymised(self):
        restricted = self._closed_complaint()
        restricted.with_user(self.dpo)._restrict_processing("Contests the facts")
        refusing = self.env["res.partner"].create(
            {"name": "Refusing customer", "email": "refuses@example.com"}
        )
        refused = self._closed_complaint(partner_id=refusing.id)
        text = self._publish_consent_text(
            "consent_purpose_satisfaction", name="Satisfaction follow-up"
        )
        consent = self.env["reclamation.consent"].create(
            {
                "partner_id": refusing.id,
                "text_id": text.id,
                "method": "email",
                "evidence_attachment_id": self._email_evidence(refusing).id,
            }
        )
        consent._withdraw("backend")
        anonymised = self._closed_complaint()
        anonymised.with_user(self.dpo)._anonymise("Erasure request")
        given = self.env["res.partner"].create(
            {"name": "Happy customer", "email": "happy@example.com"}
        )
        self.env["reclamation.consent"].create(
            {
                "partner_id": given.id,
                "text_id": text.id,
                "method": "email",
                "evidence_attachment_id": self._email_evidence(given).id,
            }
        )
        sent = self._closed_complaint(partner_id=given.id)
        self._run_job()
        for ticket in (restricted, refused, anonymised):
            self.assertEqual(ticket.satisfaction_state, "none", ticket.name)
            self.assertFalse(ticket.satisfaction_user_input_id)
            self.assertFalse(self._survey_messages(ticket))
        self.assertEqual(sent.satisfaction_state, "sent")

    def test_restriction_after_the_invitation_stops_the_reminder(self):
        complaint = self._closed_complaint()
        self._run_job()
        complaint.with_user(self.dpo)._restrict_processing("Contests the facts")
        complaint._write_managed(
            {"satisfaction_sent_date": fields.Datetime.now() - timedelta(days=8)}
        )
        self._run_job()
        self.assertEqual(complaint.satisfaction_state, "sent")
        self.assertFalse(self._survey_messages(complaint, reminder=True))

    def test_answers_land_on_the_complaint(self):
        complaint = self._closed_complaint()
        other = self._closed_complaint()
        self._run_job()
        self._answer(
            complaint, overall=4, listening=5, clarity=4, deadlines=3, fairness=4
        )
        self.assertEqual(complaint.satisfaction_state, "answered")
        self.assertTrue(complaint.satisfaction_answered_on)
        self.assertEqual(
            (
                complaint.satisfaction_score,
                complaint.satisfaction_listening_score,
                complaint.satisfaction_clarity_score,
                complaint.satisfaction_deadlines_score,
                complaint.satisfaction_fairness_score,
            ),
            (4, 5, 4, 3, 4),
        )
        self.assertEqual(other.satisfaction_state, "sent")
        self.assertFalse(other.satisfaction_score)
        self.assertFalse(
            complaint.activity_ids.filtered(
                lambda a: a.activity_type_id
                == self.env.ref(
                    "reclamation_charter.mail_activity_type_low_satisfaction"
                )
            )
        )
        log = self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", complaint.id), ("kind", "=", "satisfaction")]
        )
        self.assertEqual(len(log), 1)
        self.assertEqual(log.after_values["satisfaction_score"], 4)

    def test_low_score_opens_a_review_for_a_complaint_manager(self):
        complaint = self._closed_complaint()
        self._run_job()
        self._answer(complaint, overall=4, deadlines=2, comment="Nobody called me back")
        activity = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("reclamation_charter.mail_activity_type_low_satisfaction")
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.manager, "the desk's complaint manager")
        self.assertIn("Nobody called me back", activity.note)

    def test_expired_survey_refuses_answers(self):
        complaint = self._closed_complaint()
        self._run_job()
        user_input = complaint.satisfaction_user_input_id.sudo()
        user_input.deadline = fields.Datetime.now() - timedelta(minutes=1)
        self._run_job()
        self.assertEqual(complaint.satisfaction_state, "expired")
        self.assertFalse(complaint._is_satisfaction_survey_open())
        with self.assertRaises(UserError):
            self._answer(complaint)
        self.assertFalse(complaint.satisfaction_score)

    def test_customers_and_handlers_cannot_write_the_scores(self):
        complaint = self._closed_complaint()
        for user in (self.handler, self.manager):
            with self.assertRaises(AccessError):
                complaint.with_user(user).write({"satisfaction_score": 5})
            with self.assertRaises(AccessError):
                complaint.with_user(user).write({"satisfaction_state": "answered"})

    def test_desk_may_use_another_survey_by_invitation_only(self):
        public = self.env["survey.survey"].create(
            {"title": "Anyone", "access_mode": "public"}
        )
        with self.assertRaises(ValidationError):
            self.desk.reclamation_survey_id = public
        other = self.survey.copy({"title": "Desk survey"})
        self.desk.reclamation_survey_id = other
        complaint = self._closed_complaint()
        self._run_job()
        self.assertEqual(complaint.satisfaction_user_input_id.survey_id, other)

    def test_out_of_scale_score_is_refused(self):
        question = self.questions["overall"]
        self.assertTrue(question.validate_question("9"))
        self.assertTrue(question.validate_question("0"))
        self.assertTrue(question.validate_question("x"))
        self.assertFalse(question.validate_question("5"))

    def test_export_includes_the_answers(self):
        complaint = self._closed_complaint()
        self._run_job()
        self._answer(complaint, comment="Very kind people")
        data, _files = self.env["reclamation.privacy"]._collect(
            complaint, partner=self.customer
        )
        [answers] = data["satisfaction_survey_answers"]
        self.assertEqual(answers["complaint"], complaint.number)
        values = {a["question"]: a["answer"] for a in answers["answers"]}
        self.assertEqual(values[self.questions["overall"].title], 4)
        self.assertEqual(values[self.questions["comment"].title], "Very kind people")

    def test_anonymisation_keeps_the_scores_not_the_person(self):
        complaint = self._closed_complaint()
        self._run_job()
        user_input = self._answer(complaint, overall=2, comment="Camille is unhappy")
        complaint.with_user(self.dpo)._anonymise("Erasure request")
        self.assertEqual(complaint.satisfaction_score, 2)
        self.assertEqual(complaint.satisfaction_user_input_id, user_input)
        self.assertFalse(user_input.partner_id)
        self.assertFalse(user_input.email)
        self.assertFalse(user_input.nickname)
        self.assertFalse(
            user_input.user_input_line_ids.filtered(
                lambda line: line.answer_type in ("text_box", "char_box")
            )
        )
        self.assertEqual(
            sorted(user_input.user_input_line_ids.mapped("value_scale")),
            [2, 3, 4, 4, 5],
        )

    def test_anonymisation_removes_an_unanswered_invitation(self):
        complaint = self._closed_complaint()
        self._run_job()
        user_input = complaint.satisfaction_user_input_id
        complaint.with_user(self.dpo)._anonymise("Erasure request")
        self.assertFalse(user_input.exists())
        self.assertFalse(complaint.satisfaction_user_input_id)

    def test_invitations_cost_a_bounded_number_of_queries(self):
        """Sending a batch: the cost per complaint does not grow with the
        batch (no N+1 on the survey, the consents or the templates)."""

        def cost(count):
            tickets = self.env["helpdesk.ticket"]
            for _i in range(count):
                tickets |= self._closed_complaint()
            self.env.flush_all()
            self.env.invalidate_all()
            tickets = tickets.browse(tickets.ids)
            start = self.env.cr.sql_log_count
            tickets._send_satisfaction_surveys()
            self.env.flush_all()
            self.assertTrue(all(t.satisfaction_state == "sent" for t in tickets))
            return self.env.cr.sql_log_count - start

        small, large = cost(10), cost(50)
        per_complaint = (large - small) / 40
        _logger.info(
            "Satisfaction invitations: %s queries for 10, %s for 50 complaints",
            small,
            large,
        )
        self.assertLessEqual(per_complaint, 25, f"{small} / {large} queries")

    def test_reminders_cost_a_bounded_number_of_queries(self):
        def cost(count):
            tickets = self.env["helpdesk.ticket"]
            for _i in range(count):
                tickets |= self._closed_complaint()
            tickets._send_satisfaction_surveys()
            self.env.flush_all()
            self.env.invalidate_all()
            tickets = tickets.browse(tickets.ids)
            start = self.env.cr.sql_log_count
            tickets._send_satisfaction_reminders()
            self.env.flush_all()
            self.assertTrue(all(t.satisfaction_state == "reminded" for t in tickets))
            return self.env.cr.sql_log_count - start

        small, large = cost(10), cost(50)
        _logger.info(
            "Satisfaction reminders: %s queries for 10, %s for 50 complaints",
            small,
            large,
        )
        self.assertLessEqual((large - small) / 40, 20, f"{small} / {large} queries")
