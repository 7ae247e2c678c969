# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestConsentMethod(ReclamationCase):
    """A consent "on the portal" is recorded by the portal only, with the IP
    address and browser; staff record phone or paper consents with their
    evidence, and email consents with the email itself."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.text = cls._publish_consent_text()
        cls.insurer = cls.env["res.partner"].create(
            {"name": "Mutuelle Assurance", "email": "claims@mutuelle.example.com"}
        )
        cls.complaint = cls._create_complaint()
        cls.senior = new_test_user(
            cls.env,
            login="rc-senior",
            groups="reclamation_charter.group_reclamation_senior",
        )
        cls.desk.user_ids |= cls.senior
        cls.portal_customer = new_test_user(
            cls.env,
            login="rc-portal-customer",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )

    def _values(self, **values):
        return {
            "partner_id": self.customer.id,
            "ticket_id": self.complaint.id,
            "text_id": self.text.id,
            "recipient_id": self.insurer.id,
            **values,
        }

    def _consents(self):
        return self.env["reclamation.consent"].search(
            [("partner_id", "=", self.customer.id)]
        )

    def _share(self, user):
        return (
            self.env["reclamation.share.wizard"]
            .with_user(user)
            .create(
                {
                    "ticket_id": self.complaint.id,
                    "recipient_id": self.insurer.id,
                    "include_contact": True,
                }
            )
            .action_share()
        )

    def test_staff_cannot_record_a_portal_consent(self):
        for user in (self.handler, self.senior, self.manager, self.dpo):
            Consent = self.env["reclamation.consent"].with_user(user)
            for values in (
                {"method": "portal"},
                {
                    "method": "portal",
                    "ip_address": "203.0.113.7",
                    "user_agent": "Mozilla/5.0 (X11; Linux x86_64)",
                },
            ):
                with self.subTest(user=user.login, values=values):
                    with self.assertRaises(UserError):
                        Consent.create(self._values(**values))
        self.assertFalse(self._consents())
        # ... so there is no basis to share the complaint on.
        with self.assertRaises(UserError):
            self._share(self.handler)
        self.assertFalse(
            self.env["reclamation.data.share"].search(
                [("ticket_id", "=", self.complaint.id)]
            )
        )

    def test_staff_cannot_call_the_portal_method_for_the_person(self):
        Consent = self.env["reclamation.consent"].with_user(self.handler)
        with self.assertRaises(UserError):
            Consent._record_portal_consent(
                self.customer,
                self.text,
                self.complaint,
                "203.0.113.7",
                "Mozilla/5.0",
                recipient=self.insurer,
            )
        self.assertFalse(self._consents())

    def test_the_portal_records_the_consent_with_ip_and_browser(self):
        Consent = self.env["reclamation.consent"].with_user(self.portal_customer)
        consent = Consent._record_portal_consent(
            self.customer,
            self.text,
            self.complaint,
            "203.0.113.7",
            "Mozilla/5.0 (X11; Linux x86_64)",
            recipient=self.insurer,
        )
        consent = consent.sudo()
        self.assertEqual(consent.method, "portal")
        self.assertEqual(consent.ip_address, "203.0.113.7")
        self.assertEqual(consent.user_agent, "Mozilla/5.0 (X11; Linux x86_64)")
        self.assertEqual(consent.text_hash, self.text.content_hash)
        self.assertEqual(consent.collected_by_id, self.portal_customer)
        self.assertEqual(consent.ticket_id, self.complaint)
        # The sharing now has its basis.
        self._share(self.handler)
        self.assertEqual(self.complaint.share_count, 1)

    def test_the_portal_method_needs_ip_and_browser(self):
        Consent = self.env["reclamation.consent"].with_user(self.portal_customer)
        for ip_address, user_agent in (("", "Mozilla/5.0"), ("203.0.113.7", "")):
            with self.assertRaises(UserError):
                Consent._record_portal_consent(
                    self.customer,
                    self.text,
                    self.complaint,
                    ip_address,
                    user_agent,
                    recipient=self.insurer,
                )
        self.assertFalse(self._consents())

    def test_nobody_records_a_portal_consent_for_someone_else(self):
        other = self.env["res.partner"].create(
            {"name": "Someone Else", "email": "someone@example.com"}
        )
        Consent = self.env["reclamation.consent"].with_user(self.portal_customer)
        with self.assertRaises(UserError):
            Consent._record_portal_consent(
                other, self.text, False, "203.0.113.7", "Mozilla/5.0"
            )
        with self.assertRaises(UserError):
            Consent.sudo().create(
                self._values(
                    partner_id=other.id,
                    method="portal",
                    ip_address="203.0.113.7",
                    user_agent="Mozilla/5.0",
                )
            )
        self.assertFalse(
            self.env["reclamation.consent"].search([("partner_id", "=", other.id)])
        )

    def test_email_consent_needs_the_email_of_the_person(self):
        Consent = self.env["reclamation.consent"].with_user(self.handler)
        note = self.env["ir.attachment"].create(
            {"name": "note.txt", "raw": b"She said yes by email."}
        )
        stranger = self.env["res.partner"].create(
            {"name": "Not Her", "email": "not.her@example.com"}
        )
        for evidence in (False, note, self._email_evidence(stranger)):
            with self.subTest(evidence=evidence and evidence.name):
                with self.assertRaises(ValidationError):
                    Consent.create(
                        self._values(
                            method="email",
                            evidence_attachment_id=evidence and evidence.id,
                        )
                    )
        self.assertFalse(self._consents())
        evidence = self._email_evidence(self.customer, env=Consent.env)
        consent = Consent.create(
            self._values(method="email", evidence_attachment_id=evidence.id)
        )
        self.assertEqual(consent.evidence_attachment_id, evidence)
        self.assertEqual(consent.collected_by_id, self.handler)

    def test_evidence_is_a_file_uploaded_for_the_consent(self):
        """A paper or phone consent's evidence is a file the user uploaded for
        it: not another desk's file (which would become undeletable, block
        that complaint's anonymisation and go with this one's), not a file of
        a complaint, not another consent's evidence; the refusal names none
        of them."""
        Consent = self.env["reclamation.consent"].with_user(self.handler)
        elsewhere = self._create_complaint(team_id=self.other_desk.id)
        secret = self.env["ir.attachment"].create(
            {
                "name": "Medical certificate of Henri Roux.pdf",
                "raw": b"%PDF-1.4 certificate",
                "res_model": "helpdesk.ticket",
                "res_id": elsewhere.id,
            }
        )
        own_file = self.env["ir.attachment"].create(
            {
                "name": "Invoice of March.pdf",
                "raw": b"%PDF-1.4 invoice",
                "res_model": "helpdesk.ticket",
                "res_id": self.complaint.id,
            }
        )
        given = Consent.create(
            self._values(
                method="paper",
                evidence_attachment_id=self.env["ir.attachment"]
                .with_user(self.handler)
                .create({"name": "Signed form.pdf", "raw": b"%PDF-1.4 signed"})
                .id,
            )
        )
        for attachment in (secret, own_file, given.evidence_attachment_id):
            with self.subTest(attachment=attachment.name):
                with self.assertRaises(ValidationError) as caught:
                    Consent.create(
                        self._values(
                            method="phone", evidence_attachment_id=attachment.id
                        )
                    )
                self.assertNotIn(attachment.name, str(caught.exception))
        self.assertEqual(self._consents(), given)
        # The other desk's file is still theirs to delete.
        secret.with_user(self.other_handler).unlink()
        self.assertFalse(secret.exists())
        self.assertEqual(
            (own_file.res_model, own_file.res_id),
            ("helpdesk.ticket", self.complaint.id),
        )

    def test_email_evidence_the_user_cannot_read_is_no_evidence(self):
        """An email attached to a complaint of another desk is neither read
        for the user (its sender stays unknown to them) nor taken as the
        evidence of a consent they record."""
        Consent = self.env["reclamation.consent"].with_user(self.handler)
        elsewhere = self._create_complaint(team_id=self.other_desk.id)
        stranger = self.env["res.partner"].create(
            {"name": "Not Her", "email": "not.her@example.com"}
        )
        for person in (self.customer, stranger):
            evidence = self._email_evidence(person)
            evidence.write({"res_model": "helpdesk.ticket", "res_id": elsewhere.id})
            with self.subTest(person=person.name):
                with self.assertRaises(ValidationError) as caught:
                    Consent.create(
                        self._values(method="email", evidence_attachment_id=evidence.id)
                    )
                self.assertNotIn(person.email, str(caught.exception))
        self.assertFalse(self._consents())
        # Their own upload of the same email is read.
        stranger_email = self._email_evidence(stranger, env=Consent.env)
        with self.assertRaisesRegex(ValidationError, "not.her@example.com"):
            Consent.create(
                self._values(method="email", evidence_attachment_id=stranger_email.id)
            )
