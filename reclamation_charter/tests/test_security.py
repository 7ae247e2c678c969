# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestComplaintAccess(ReclamationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls._create_complaint()
        cls.other_complaint = cls._create_complaint(team_id=cls.other_desk.id)
        cls.support_ticket = cls.env["helpdesk.ticket"].create(
            {"name": "VPN down", "description": "<p>.</p>", "team_id": cls.support.id}
        )

    def _readable(self, user):
        return (
            self.env["helpdesk.ticket"]
            .with_user(user)
            .search(
                [
                    (
                        "id",
                        "in",
                        (
                            self.complaint | self.other_complaint | self.support_ticket
                        ).ids,
                    )
                ]
            )
        )

    def test_helpdesk_user_outside_the_desk_cannot_read_complaints(self):
        self.assertEqual(self._readable(self.helpdesk_user), self.support_ticket)
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.helpdesk_user).read(["name"])

    def test_handler_reads_own_desk_only(self):
        self.assertEqual(
            self._readable(self.handler), self.complaint | self.support_ticket
        )
        self.assertEqual(
            self.complaint.with_user(self.handler).read(["remedy_sought"])[0]["id"],
            self.complaint.id,
        )
        with self.assertRaises(AccessError):
            self.other_complaint.with_user(self.handler).read(["name"])

    def test_manager_and_dpo_read_every_complaint(self):
        everything = self.complaint | self.other_complaint | self.support_ticket
        self.assertEqual(self._readable(self.manager), everything)
        self.assertEqual(self._readable(self.dpo), everything)

    def test_joining_the_desk_grants_access_at_once(self):
        self.assertFalse(self._readable(self.helpdesk_user) & self.complaint)
        self.desk.user_ids = [(4, self.helpdesk_user.id)]
        self.assertIn(self.complaint, self._readable(self.helpdesk_user))
        self.desk.user_ids = [(3, self.helpdesk_user.id)]
        self.assertNotIn(self.complaint, self._readable(self.helpdesk_user))

    def test_portal_customer_reads_own_complaints_only(self):
        portal = new_test_user(
            self.env,
            login="rc-portal",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        stranger = new_test_user(
            self.env, login="rc-portal-stranger", groups="base.group_portal"
        )
        Ticket = self.env["helpdesk.ticket"]
        self.assertEqual(
            Ticket.with_user(portal).search([("id", "=", self.complaint.id)]),
            self.complaint,
        )
        self.assertFalse(
            Ticket.with_user(stranger).search([("id", "=", self.complaint.id)])
        )
        with self.assertRaises(AccessError):
            self.complaint.with_user(stranger).read(["name"])

    def test_portal_customers_read_published_charters_only(self):
        portal = new_test_user(
            self.env, login="rc-portal-2", groups="base.group_portal"
        )
        draft = self.env["reclamation.charter"].create(
            {"version": "9.0", "effective_date": "2027-01-01", "text": "<p>d</p>"}
        )
        visible = self.env["reclamation.charter"].with_user(portal).search([])
        self.assertIn(self.charter_v2, visible)
        self.assertIn(self.charter_v1, visible)
        self.assertNotIn(draft, visible)
