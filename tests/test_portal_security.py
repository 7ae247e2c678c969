# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Across both addons: what a customer can reach of someone else's complaint."""

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalIsolation(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.desk = cls.env["helpdesk.ticket.team"].create(
            {"name": "Complaint desk", "is_complaint_desk": True}
        )
        cls.alice = new_test_user(
            cls.env,
            login="e2e-alice",
            password="e2e-alice-pw",
            groups="base.group_portal",
            name="Alice Portal",
        )
        cls.bob = new_test_user(
            cls.env,
            login="e2e-bob",
            password="e2e-bob-pw",
            groups="base.group_portal",
            name="Bob Portal",
        )
        cls.complaint = cls.env["helpdesk.ticket"].create(
            {
                "name": "Alice's confidential complaint",
                "description": "<p>My health condition was disclosed.</p>",
                "team_id": cls.desk.id,
                "partner_id": cls.alice.partner_id.id,
                "remedy_sought": "Apology",
            }
        )
        cls.bob_complaint = cls.env["helpdesk.ticket"].create(
            {
                "name": "Bob's parcel never arrived",
                "description": "<p>The parcel was lost.</p>",
                "team_id": cls.desk.id,
                "partner_id": cls.bob.partner_id.id,
                "remedy_sought": "Refund",
            }
        )

    def _assert_nothing_of_alice(self, response):
        self.assertNotIn("confidential complaint", response.text)
        self.assertNotIn("health condition", response.text)

    def test_owner_reads_her_complaint(self):
        self.authenticate("e2e-alice", "e2e-alice-pw")
        response = self.url_open(f"/my/ticket/{self.complaint.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("confidential complaint", response.text)
        self.assertIn("health condition", response.text)

    def test_other_customer_cannot_read_it(self):
        self.authenticate("e2e-bob", "e2e-bob-pw")
        response = self.url_open(
            f"/my/ticket/{self.complaint.id}", allow_redirects=False
        )
        # helpdesk_mgmt sends whoever may not read the ticket back to /my.
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        self._assert_nothing_of_alice(response)
        # Complaints are listed on /my/complaints, no longer on /my/tickets.
        for url in ("/my/complaints", "/my/tickets"):
            listing = self.url_open(url)
            self.assertEqual(listing.status_code, 200)
            self._assert_nothing_of_alice(listing)
        self.assertIn("parcel never arrived", self.url_open("/my/complaints").text)

    def test_wrong_access_token_is_refused(self):
        response = self.url_open(
            f"/my/ticket/{self.complaint.id}?access_token=not-the-token",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        self._assert_nothing_of_alice(response)
        # /my sends the visitor on to the login page.
        response = self.url_open(
            f"/my/ticket/{self.complaint.id}?access_token=not-the-token"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("/web/login", response.url)
        self._assert_nothing_of_alice(response)

    def test_access_token_grants_read_without_login(self):
        token = self.complaint._portal_ensure_token()
        response = self.url_open(f"/my/ticket/{self.complaint.id}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("confidential complaint", response.text)
        self.assertIn("health condition", response.text)
