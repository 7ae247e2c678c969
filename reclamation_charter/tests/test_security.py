# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.modules.module import load_script
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

    def test_complaint_is_not_shared_with_the_company(self):
        acme = self.env["res.partner"].create(
            {"name": "Acme Logistics", "is_company": True}
        )
        self.customer.parent_id = acme
        complainant = new_test_user(
            self.env,
            login="rc-portal-complainant",
            groups="base.group_portal",
            partner_id=self.customer.id,
        )
        colleague = new_test_user(
            self.env,
            login="rc-portal-colleague",
            groups="base.group_portal",
            parent_id=acme.id,
        )
        represented = new_test_user(
            self.env, login="rc-portal-represented", groups="base.group_portal"
        )
        self.complaint.represented_partner_id = represented.partner_id
        support_ticket = self.support_ticket
        support_ticket.partner_id = self.customer
        # A colleague following the complaint reads it no better.
        self.complaint.message_subscribe(partner_ids=colleague.partner_id.ids)
        Ticket = self.env["helpdesk.ticket"]
        for user, readable in (
            (complainant, self.complaint | support_ticket),
            (represented, self.complaint),
            (colleague, support_ticket),  # helpdesk_mgmt shares the others
        ):
            with self.subTest(login=user.login):
                self.assertEqual(
                    Ticket.with_user(user).search(
                        [("id", "in", (self.complaint | support_ticket).ids)]
                    ),
                    readable,
                )
        with self.assertRaises(AccessError):
            self.complaint.with_user(colleague).read(["description"])

    def test_internal_follower_still_reads_the_complaint(self):
        self.assertNotIn(self.complaint, self._readable(self.helpdesk_user))
        self.complaint.message_subscribe(partner_ids=self.helpdesk_user.partner_id.ids)
        self.assertIn(self.complaint, self._readable(self.helpdesk_user))

    def test_migration_rewrites_the_rule_of_an_existing_database(self):
        migration = load_script(
            "reclamation_charter/migrations/19.0.1.0.1/post-migration.py",
            "reclamation_charter_migration_19_0_1_0_1",
        )
        rule = self.env.ref("reclamation_charter.helpdesk_ticket_rule_complaint_desk")
        installed = rule.domain_force
        # The migration writes the domain this version installs.
        self.assertEqual(
            migration._squeeze(installed), migration._squeeze(migration.NEW_DOMAIN)
        )
        colleague = new_test_user(
            self.env,
            login="rc-portal-colleague",
            groups="base.group_portal",
            parent_id=self.customer.id,
        )
        rule.domain_force = migration.OLD_DOMAIN
        self.assertTrue(self.complaint.with_user(colleague).has_access("read"))
        consent_rule = self.env.ref(migration.CONSENT_RULE_XMLID)
        self.assertEqual(
            migration._squeeze(consent_rule.domain_force),
            migration._squeeze(migration.CONSENT_NEW_DOMAIN),
        )
        consent_rule.domain_force = migration.CONSENT_OLD_DOMAIN
        migration.migrate(self.env.cr, "19.0.1.0.0")
        self.assertEqual(rule.domain_force, migration.NEW_DOMAIN)
        self.assertEqual(consent_rule.domain_force, migration.CONSENT_NEW_DOMAIN)
        self.assertFalse(self.complaint.with_user(colleague).has_access("read"))

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
