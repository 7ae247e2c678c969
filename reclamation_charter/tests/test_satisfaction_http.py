# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Real answers through survey's own controller, as its JavaScript sends
them: start with the invitation's token, begin, submit the page."""

import uuid
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .satisfaction_common import SatisfactionCase

SCORES = {"overall": 2, "listening": 4, "clarity": 5, "deadlines": 1, "fairness": 3}


@tagged("post_install", "-at_install")
class TestSatisfactionOverHttp(SatisfactionCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Dominique Martin", "email": "dominique.martin@example.com"}
        )
        cls.complaint = cls._closed_complaint()
        cls.other = cls._closed_complaint(partner_id=cls.other_customer.id)

    def setUp(self):
        super().setUp()
        self._run_job()
        self.assertEqual(self.complaint.satisfaction_state, "sent")
        self.assertEqual(self.other.satisfaction_state, "sent")

    def _token(self, complaint):
        return complaint.satisfaction_user_input_id.sudo().access_token

    def _post_data(self, scores=None, comment=None):
        scores = scores or SCORES
        data = {
            str(self.questions[item].id): str(score) for item, score in scores.items()
        }
        if comment is not None:
            data[str(self.questions["comment"].id)] = comment
        return data

    def _open(self, complaint, survey=None):
        """Follow the link of the invitation, then begin, as the browser."""
        survey = survey or self.survey
        token = self._token(complaint)
        response = self.url_open(
            complaint._get_satisfaction_survey_url().removeprefix(
                complaint.get_base_url()
            )
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(survey.title, response.text)
        response = self.url_open(
            f"/survey/begin/{survey.access_token}/{token}",
            json={"params": {"lang_code": "en_US"}},
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("error", response.json()["result"][1])

    def _submit(self, token, data, survey=None):
        survey = survey or self.survey
        response = self.url_open(
            f"/survey/submit/{survey.access_token}/{token}",
            json={"params": dict(data, token=token)},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _scores(self, complaint):
        complaint.invalidate_recordset()
        return (
            complaint.satisfaction_state,
            complaint.satisfaction_score,
            complaint.satisfaction_listening_score,
            complaint.satisfaction_clarity_score,
            complaint.satisfaction_deadlines_score,
            complaint.satisfaction_fairness_score,
        )

    def _low_reviews(self, complaint):
        return complaint.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("reclamation_charter.mail_activity_type_low_satisfaction")
        )

    def test_customer_answers_and_the_scores_land_on_the_complaint(self):
        self._open(self.complaint)
        result = self._submit(
            self._token(self.complaint),
            self._post_data(comment="Nobody told me about the delay"),
        )
        self.assertNotIn("error", result["result"][1])
        self.assertEqual(self._scores(self.complaint), ("answered", 2, 4, 5, 1, 3))
        self.assertTrue(self.complaint.satisfaction_answered_on)
        self.assertEqual(self.complaint.satisfaction_user_input_id.state, "done")
        # The other complaint is untouched.
        self.assertEqual(self._scores(self.other), ("sent", 0, 0, 0, 0, 0))
        review = self._low_reviews(self.complaint)
        self.assertEqual(len(review), 1)
        self.assertEqual(review.user_id, self.manager)
        self.assertIn("Nobody told me about the delay", review.note)
        # One answer per invitation: a second submission is refused.
        result = self._submit(
            self._token(self.complaint), self._post_data({**SCORES, "overall": 5})
        )
        self.assertEqual(result["result"][1].get("error"), "unauthorized")
        self.assertEqual(self._scores(self.complaint)[1], 2)

    def test_good_scores_open_no_review(self):
        self._open(self.complaint)
        self._submit(
            self._token(self.complaint),
            self._post_data(dict.fromkeys(SCORES, 4)),
        )
        self.assertEqual(self._scores(self.complaint), ("answered", 4, 4, 4, 4, 4))
        self.assertFalse(self._low_reviews(self.complaint))

    def test_unknown_token_is_refused(self):
        result = self._submit(str(uuid.uuid4()), self._post_data())
        self.assertEqual(result["result"][1].get("error"), "token_wrong")
        for complaint in (self.complaint, self.other):
            self.assertEqual(self._scores(complaint)[0], "sent")
            self.assertFalse(self._scores(complaint)[1])

    def test_token_of_another_survey_is_refused(self):
        desk_survey = self.survey.copy({"title": "Another survey"})
        result = self._submit(
            self._token(self.complaint), self._post_data(), survey=desk_survey
        )
        self.assertEqual(result["result"][1].get("error"), "token_wrong")
        self.assertEqual(self._scores(self.complaint)[0], "sent")

    def test_logged_in_customer_cannot_answer_another_complaint(self):
        new_test_user(
            self.env,
            login="camille-portal",
            password="camille-portal-pwd",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        self.authenticate("camille-portal", "camille-portal-pwd")
        result = self._submit(self._token(self.other), self._post_data())
        self.assertEqual(result["result"][1].get("error"), "answer_wrong_user")
        self.assertEqual(self._scores(self.other), ("sent", 0, 0, 0, 0, 0))
        # Their own invitation works while logged in.
        self._open(self.complaint)
        self._submit(self._token(self.complaint), self._post_data())
        self.assertEqual(self._scores(self.complaint)[0], "answered")
        self.assertEqual(self._scores(self.other)[0], "sent")

    def test_answer_after_the_deadline_is_refused(self):
        self._open(self.complaint)
        self.complaint.satisfaction_user_input_id.sudo().deadline = (
            fields.Datetime.now() - timedelta(minutes=1)
        )
        result = self._submit(self._token(self.complaint), self._post_data())
        self.assertEqual(result["result"][1].get("error"), "answer_deadline")
        self.assertEqual(self._scores(self.complaint), ("sent", 0, 0, 0, 0, 0))

    def test_answer_to_an_expired_invitation_is_refused(self):
        """Closed by the job, then reopened by mistake in the survey: the
        answer is still refused and nothing is saved."""
        self._open(self.complaint)
        user_input = self.complaint.satisfaction_user_input_id.sudo()
        user_input.deadline = fields.Datetime.now() - timedelta(minutes=1)
        self._run_job()
        self.assertEqual(self.complaint.satisfaction_state, "expired")
        user_input.deadline = fields.Datetime.now() + timedelta(days=1)
        with self.assertLogs("odoo.http", "WARNING"):
            result = self._submit(self._token(self.complaint), self._post_data())
        self.assertIn("survey is closed", result["error"]["data"]["message"])
        self.assertEqual(self._scores(self.complaint), ("expired", 0, 0, 0, 0, 0))
        user_input.invalidate_recordset()
        self.assertNotEqual(user_input.state, "done")

    def test_score_out_of_scale_is_refused(self):
        self._open(self.complaint)
        result = self._submit(
            self._token(self.complaint), self._post_data({**SCORES, "overall": 9})
        )
        self.assertEqual(result["result"][1].get("error"), "validation")
        self.assertEqual(self._scores(self.complaint)[0], "sent")

    def test_archived_survey_is_closed(self):
        self._open(self.complaint)
        self.survey.active = False
        result = self._submit(self._token(self.complaint), self._post_data())
        self.assertEqual(result["result"][1].get("error"), "survey_closed")
        self.assertEqual(self._scores(self.complaint)[0], "sent")
