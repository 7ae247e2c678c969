# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalCharter(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="rcp-manager",
            groups="reclamation_charter.group_reclamation_manager",
        )
        Charter = cls.env["reclamation.charter"]
        cls.charter_v1 = Charter.create(
            {
                "version": "1.0",
                "effective_date": date(2024, 1, 1),
                "approver_id": cls.manager.id,
                "text": "<p>1. Listening and respect (first wording)</p>",
            }
        )
        cls.charter_v1.action_publish()
        cls.charter_v2 = Charter.create(
            {
                "version": "2.0",
                "effective_date": date(2025, 6, 1),
                "approver_id": cls.manager.id,
                "text": "<p>1. Listening and respect</p><p>2. Transparency</p>",
                "change_log": "Article 2 added.",
            }
        )
        cls.charter_v2.action_publish()
        cls.draft = Charter.create(
            {
                "version": "3.0-draft",
                "effective_date": date(2027, 1, 1),
                "text": "<p>Secret draft wording</p>",
            }
        )
        cls.customer_user = new_test_user(
            cls.env,
            login="rcp-customer",
            password="rcp-customer",
            groups="base.group_portal",
            name="Camille Durand",
            email="camille.durand@example.com",
        )
        cls.desk = cls.env["helpdesk.ticket.team"].create(
            {"name": "Complaint desk", "is_complaint_desk": True}
        )
        stage = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        stage.customer_explanation = (
            "We are examining your complaint and will write to you."
        )
        cls.complaint = cls.env["helpdesk.ticket"].create(
            {
                "name": "Late refund of my membership fee",
                "description": "<p>Still waiting.</p>",
                "team_id": cls.desk.id,
                "partner_id": cls.customer_user.partner_id.id,
                "stage_id": stage.id,
            }
        )

    def test_charter_page_is_public_and_shows_version_in_force(self):
        response = self.url_open("/charter")
        self.assertEqual(response.status_code, 200)
        self.assertIn("2. Transparency", response.text)
        self.assertIn("Article 2 added.", response.text)
        self.assertIn(f'href="/charter/{self.charter_v1.id}"', response.text)
        self.assertNotIn("Secret draft wording", response.text)

    def test_past_version_readable_draft_not_found(self):
        response = self.url_open(f"/charter/{self.charter_v1.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("first wording", response.text)
        self.assertIn("This version has been replaced", response.text)
        response = self.url_open(f"/charter/{self.draft.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Secret draft wording", response.text)

    def test_ticket_page_shows_stage_explanation_and_charter(self):
        self.authenticate("rcp-customer", "rcp-customer")
        response = self.url_open(f"/my/ticket/{self.complaint.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("We are examining your complaint", response.text)
        self.assertIn(f'href="/charter/{self.charter_v2.id}"', response.text)

    def test_tour_customer_follows_complaint_to_the_charter(self):
        self.start_tour(
            "/my/complaints",
            "reclamation_portal_follow_complaint",
            login="rcp-customer",
        )
