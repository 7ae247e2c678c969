# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from lxml import html

from odoo import fields
from odoo.tests import HttpCase, tagged

from .test_portal_complaints import ComplaintPortalCase
from .test_portal_tours import TestPortalAccessibility


@tagged("post_install", "-at_install")
class TestPortalSatisfaction(ComplaintPortalCase, HttpCase):
    """The complaint page offers the satisfaction survey while it is open,
    to the customer it was sent to, and says when it was answered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_complaints()
        cls.survey = cls.env.ref("reclamation_charter.survey_complaint_satisfaction")
        complaint = cls.closed_complaint
        complaint.closed_date = fields.Datetime.now() - timedelta(days=8)
        complaint._send_satisfaction_surveys()
        cls.user_input = complaint.satisfaction_user_input_id.sudo()

    def _page(self, login, complaint=None):
        complaint = complaint or self.closed_complaint
        self.authenticate(login, login)
        response = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertEqual(response.status_code, 200)
        return response.text

    def _answer(self):
        token = self.user_input.access_token
        base = f"/survey/%s/{self.survey.access_token}/{token}"
        self.url_open(base % "begin", json={"params": {"lang_code": "en_US"}})
        data = {
            str(question.id): "5"
            for question in self.survey.question_ids
            if question.question_type == "scale"
        }
        response = self.url_open(base % "submit", json={"params": data})
        self.assertNotIn("error", response.json()["result"][1])

    def test_open_survey_is_offered_to_its_customer(self):
        page = self._page("rcpc-claire")
        self.assertIn("o_reclamation_satisfaction_start", page)
        self.assertIn(f"/my/complaints/{self.closed_complaint.id}/satisfaction", page)
        self.assertNotIn("o_reclamation_satisfaction_answered", page)

    def test_survey_opens_in_the_language_of_the_portal(self):
        """Invited in one language, the customer who follows the portal's
        link reads the survey in the language of the portal they came from."""
        self.env["res.lang"]._activate_lang("fr_FR")
        French = self.env["res.lang"]._lang_get("fr_FR")
        English = self.env["res.lang"]._lang_get("en_US")
        self.authenticate("rcpc-claire", "rcpc-claire")
        for prefix, invited_in, expected in (
            ("", French, "en-US"),
            ("/fr", English, "fr-FR"),
        ):
            with self.subTest(prefix=prefix):
                self.user_input.lang_id = invited_in
                page = self.url_open(
                    f"{prefix}/my/complaints/{self.closed_complaint.id}"
                )
                (link,) = html.fromstring(page.text).xpath(
                    "//a[hasclass('o_reclamation_satisfaction_start')]"
                )
                response = self.url_open(link.get("href"))
                self.assertEqual(response.status_code, 200)
                tree = html.fromstring(response.text)
                self.assertTrue(tree.xpath("//div[hasclass('o_survey_form')]"))
                self.assertEqual(tree.get("lang"), expected)

    def test_survey_link_from_an_email_link_keeps_its_token(self):
        """Opened from the email's link (not logged in), the complaint's page
        leads to the survey too."""
        token = self.closed_complaint._portal_ensure_token()
        page = self.url_open(
            f"/my/complaints/{self.closed_complaint.id}?access_token={token}"
        )
        (link,) = html.fromstring(page.text).xpath(
            "//a[hasclass('o_reclamation_satisfaction_start')]"
        )
        response = self.url_open(link.get("href"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(
            html.fromstring(response.text).xpath("//div[hasclass('o_survey_form')]")
        )

    def test_thank_you_page_leads_back_to_the_complaint(self):
        """Once answered, the survey's last page links back to the complaint
        (its portal page: the login asks who reads it)."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self._answer()
        for prefix, label in (("", "Back to my complaint"), ("/fr", "")):
            with self.subTest(prefix=prefix):
                response = self.url_open(
                    f"{prefix}/survey/{self.survey.access_token}"
                    f"/{self.user_input.access_token}"
                )
                self.assertEqual(response.status_code, 200)
                tree = html.fromstring(response.text)
                self.assertTrue(tree.xpath("//div[hasclass('o_survey_finished')]"))
                (link,) = tree.xpath("//a[hasclass('o_reclamation_satisfaction_back')]")
                self.assertTrue(
                    link.get("href").endswith(
                        f"/my/complaints/{self.closed_complaint.id}"
                    )
                )
                self.assertIn(label, " ".join(link.text_content().split()))
        # Another survey's answer has no such link.
        other = self.survey.copy()._create_answer(email="someone@example.com")
        other._mark_done()
        response = self.url_open(
            f"/survey/{other.survey_id.access_token}/{other.access_token}"
        )
        self.assertNotIn("o_reclamation_satisfaction_back", response.text)

    def test_not_offered_on_an_open_complaint(self):
        page = self._page("rcpc-claire", self.complaint)
        self.assertNotIn("complaint_satisfaction", page)

    def test_not_offered_to_another_reader_of_the_complaint(self):
        """Emile, on whose behalf Claire complained, reads the complaint:
        the link would let him answer in her name."""
        self.closed_complaint.write(
            {
                "complainant_capacity": "representative",
                "represented_party_name": "Emile Petit",
                "represented_partner_id": self.emile.partner_id.id,
            }
        )
        page = self._page("rcpc-emile")
        self.assertIn(self.closed_complaint.name, page)
        self.assertNotIn(self.user_input.access_token, page)
        self.assertNotIn("o_reclamation_satisfaction_start", page)
        # Nor does the portal's way into the survey let him in.
        lang = self.user_input.lang_id
        response = self.url_open(
            f"/my/complaints/{self.closed_complaint.id}/satisfaction",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(self.user_input.access_token, response.text)
        self.assertEqual(self.user_input.lang_id, lang)

    def test_answered_survey_is_shown_with_its_date(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        self._answer()
        self.closed_complaint.invalidate_recordset()
        self.assertEqual(self.closed_complaint.satisfaction_state, "answered")
        page = self._page("rcpc-claire")
        self.assertIn("o_reclamation_satisfaction_answered", page)
        self.assertNotIn("o_reclamation_satisfaction_start", page)
        self.assertNotIn(self.user_input.access_token, page)

    def test_expired_survey_is_no_longer_offered(self):
        self.user_input.deadline = fields.Datetime.now() - timedelta(minutes=1)
        page = self._page("rcpc-claire")
        self.assertNotIn("complaint_satisfaction", page)

    def test_detail_page_with_an_open_survey_within_budget(self):
        self.authenticate("rcpc-claire", "rcpc-claire")
        url = f"/my/complaints/{self.closed_complaint.id}"
        self.url_open(url)
        with self.assertQueryCount(21):
            response = self.url_open(url)
        self.assertEqual(response.status_code, 200)


@tagged("post_install", "-at_install")
class TestPortalSatisfactionTour(ComplaintPortalCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_complaints()
        complaint = cls.closed_complaint
        complaint.closed_date = fields.Datetime.now() - timedelta(days=8)
        complaint._send_satisfaction_surveys()

    def test_tour_customer_answers_the_invitation(self):
        """The customer follows the link of the invitation, answers in the
        browser, and sees on the complaint's page that they answered."""
        complaint = self.closed_complaint
        link = complaint.satisfaction_user_input_id.sudo().get_start_url()
        self.start_tour(link, "reclamation_satisfaction_survey", login="rcpc-claire")
        complaint.invalidate_recordset()
        self.assertEqual(complaint.satisfaction_state, "answered")
        self.assertEqual(
            (
                complaint.satisfaction_listening_score,
                complaint.satisfaction_clarity_score,
                complaint.satisfaction_deadlines_score,
                complaint.satisfaction_fairness_score,
                complaint.satisfaction_score,
            ),
            (5, 4, 2, 4, 3),
        )
        review = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("reclamation_charter.mail_activity_type_low_satisfaction")
        )
        self.assertIn("The deadline was missed by a week", review.note)


@tagged("post_install", "-at_install")
class TestPortalSatisfactionAccessibility(TestPortalAccessibility):
    """The complaint page offering the satisfaction survey, and saying it was
    answered, against WCAG 2.1 AA (axe-core)."""

    def setUp(self):
        super().setUp()
        closed = self.env["helpdesk.ticket.stage"].create(
            {"name": "Closed (axe)", "closed": True, "team_ids": [(4, self.desk.id)]}
        )
        # Closed with its root cause (charter article 6).
        self.complaint.sudo().write(
            {
                "stage_id": closed.id,
                "root_cause_id": self.env.ref(
                    "reclamation_charter.root_cause_delay"
                ).id,
            }
        )
        self.complaint.sudo()._send_satisfaction_surveys()

    def test_axe_complaint_with_open_survey(self):
        self._check_page(
            f"/my/complaints/{self.complaint.id}",
            "#complaint_satisfaction .o_reclamation_satisfaction_start",
        )

    def test_axe_complaint_with_answered_survey(self):
        complaint = self.complaint.sudo()
        complaint._write_managed(
            {
                "satisfaction_state": "answered",
                "satisfaction_answered_on": fields.Datetime.now(),
                "satisfaction_score": 4,
            }
        )
        self._check_page(
            f"/my/complaints/{self.complaint.id}",
            "#complaint_satisfaction .o_reclamation_satisfaction_answered",
        )
