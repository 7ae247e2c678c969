# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestPrivacyAccessMatrix(ReclamationCase):
    """Who reads a complaint, its confidential fields, its internal notes and
    its consents, for every role of the product."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_customer = new_test_user(
            cls.env,
            login="rc-portal-customer",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        cls.other_portal = new_test_user(
            cls.env, login="rc-other-portal", groups="base.group_portal"
        )
        cls.public = cls.env.ref("base.public_user")
        cls.complaint = cls._create_complaint(
            special_category_details="Long-term illness since 2023",
            internal_assessment="The customer was misinformed by our agent.",
        )
        cls.complaint.message_post(
            body="Internal: check the agent's notes", subtype_xmlid="mail.mt_note"
        )
        cls.complaint.message_post(
            body="We are looking into it", subtype_xmlid="mail.mt_comment"
        )
        cls.text = cls._publish_consent_text()
        cls.insurer = cls.env["res.partner"].create(
            {"name": "Mutuelle Assurance", "email": "claims@mutuelle.example.com"}
        )
        cls.consent = cls.env["reclamation.consent"]._record_portal_consent(
            cls.customer,
            cls.text,
            cls.complaint,
            "203.0.113.7",
            "Mozilla/5.0 (X11; Linux x86_64)",
            recipient=cls.insurer,
        )
        # Expected access: (reads the complaint, reads confidential fields,
        # reads its consents).
        cls.matrix = {
            "handler of the desk": (cls.handler, True, False, True),
            "handler of another desk": (cls.other_handler, False, False, False),
            "helpdesk user outside the desk": (cls.helpdesk_user, False, False, False),
            "complaint manager": (cls.manager, True, True, True),
            "data protection officer": (cls.dpo, True, True, True),
            "portal customer": (cls.portal_customer, True, False, True),
            "another portal customer": (cls.other_portal, False, False, False),
            "public": (cls.public, False, False, False),
        }

    def test_complaint_record_rules(self):
        for role, (user, reads, _confidential, _consents) in self.matrix.items():
            with self.subTest(role=role):
                complaint = self.complaint.with_user(user)
                self.assertEqual(complaint.has_access("read"), reads)
                if user != self.public:  # the public has no access to tickets
                    found = complaint.search([("id", "=", self.complaint.id)])
                    self.assertEqual(bool(found), reads)

    def test_confidential_fields_for_managers_and_dpo_only(self):
        for role, (user, reads, confidential, _consents) in self.matrix.items():
            if not reads:
                continue
            with self.subTest(role=role):
                complaint = self.complaint.with_user(user)
                if confidential:
                    self.assertEqual(
                        complaint.read(["internal_assessment"])[0][
                            "internal_assessment"
                        ],
                        "The customer was misinformed by our agent.",
                    )
                else:
                    for name in ("special_category_details", "internal_assessment"):
                        with self.assertRaises(AccessError):
                            complaint.read([name])
                    with self.assertRaises(AccessError):
                        complaint.write({"internal_assessment": "x"})

    def test_consent_ledger_follows_the_complaint(self):
        for role, (user, _reads, _confidential, consents) in self.matrix.items():
            with self.subTest(role=role):
                Consent = self.consent.with_user(user)
                try:
                    found = Consent.search([("id", "=", self.consent.id)])
                except AccessError:
                    found = Consent.browse()
                self.assertEqual(bool(found), consents)

    def test_portal_customer_never_sees_internal_notes(self):
        Message = self.env["mail.message"].with_user(self.portal_customer)
        bodies = " ".join(
            Message.search(
                [("model", "=", "helpdesk.ticket"), ("res_id", "=", self.complaint.id)]
            ).mapped("body")
        )
        self.assertIn("We are looking into it", bodies)
        self.assertNotIn("check the agent", bodies)

    def test_decision_log_and_requests_for_managers_and_dpo_only(self):
        for role, (user, *_rest) in self.matrix.items():
            allowed = user in (self.manager, self.dpo)
            with self.subTest(role=role):
                for model in ("reclamation.decision.log", "reclamation.data.request"):
                    self.assertEqual(
                        self.env[model].with_user(user).has_access("read"), allowed
                    )

    def test_archived_complaints_for_managers_and_dpo_only(self):
        # The retention job's step, as it runs it (as the superuser).
        self.complaint.sudo()._archive_for_retention()
        for role, (user, *_rest) in self.matrix.items():
            allowed = user in (self.manager, self.dpo)
            with self.subTest(role=role):
                self.assertEqual(
                    self.complaint.with_user(user).has_access("read"), allowed
                )

    def test_consents_are_not_shared_with_the_company(self):
        """A colleague at the same company reads neither the complaint nor
        the consents given for it, which name the purpose and recipient."""
        acme = self.env["res.partner"].create(
            {"name": "Acme Logistics", "is_company": True}
        )
        self.customer.parent_id = acme
        colleague = new_test_user(
            self.env,
            login="rc-consent-colleague",
            groups="base.group_portal",
            parent_id=acme.id,
        )
        Consent = self.env["reclamation.consent"]
        self.assertFalse(
            Consent.with_user(colleague).search([("id", "=", self.consent.id)])
        )
        with self.assertRaises(AccessError):
            self.consent.with_user(colleague).read(["purpose_id"])
        self.assertEqual(
            Consent.with_user(self.portal_customer).search(
                [("id", "=", self.consent.id)]
            ),
            self.consent,
        )
