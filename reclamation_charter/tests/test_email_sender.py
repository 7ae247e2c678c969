# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from email.message import EmailMessage
from email.utils import make_msgid

from odoo.tests import tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestEmailSender(ReclamationCase):
    """A complaint received by email knows its sender by name and address,
    links them to a contact as the desk says, and answers them in their
    language: their contact's, else their email's, else the desk's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.partners = cls.env["res.partner"].with_context(active_test=False)

    def _receive(self, sender, team=None, **headers):
        message = EmailMessage()
        message["From"] = sender
        message["To"] = "reclamations@example.org"
        message["Subject"] = "Ma cotisation"
        message["Message-ID"] = make_msgid(domain="example.fr")
        message.set_content("J'ai résilié en mars et j'attends toujours.")
        for name, value in headers.items():
            message[name.replace("_", "-")] = value
        return self.env["helpdesk.ticket"].browse(
            self.env["mail.thread"].message_process(
                "helpdesk.ticket",
                message.as_string(),
                custom_values={"team_id": (team or self.desk).id},
            )
        )

    def test_unknown_sender_becomes_a_contact_in_their_language(self):
        complaint = self._receive(
            '"Jeanne Réel" <Jeanne.Reel@Example.fr>', Content_Language="fr-FR"
        )
        contact = complaint.partner_id
        self.assertEqual(contact.name, "Jeanne Réel")
        self.assertEqual(contact.email, "jeanne.reel@example.fr")
        self.assertEqual(contact.lang, "fr_FR")
        self.assertEqual(contact.company_id, self.company)
        self.assertFalse(contact.user_ids)
        self.assertEqual(complaint.partner_name, "Jeanne Réel")
        self.assertEqual(complaint.partner_email, "jeanne.reel@example.fr")
        self.assertEqual(complaint._get_letter_lang(), "fr_FR")
        self.assertEqual(complaint.message_ids[-1].author_id, contact)

    def test_known_sender_keeps_their_contact_and_language(self):
        self.customer.lang = "en_US"
        partners = self.partners.search_count([])
        complaint = self._receive(
            f"Camille D. <{self.customer.email}>", Content_Language="fr"
        )
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.partner_name, "Camille Durand")
        self.assertEqual(self.partners.search_count([]), partners)
        self.assertEqual(complaint._get_letter_lang(), "en_US")

    def test_without_a_language_the_desk_s(self):
        self.desk.reclamation_lang = "fr_FR"
        complaint = self._receive("Paul Martin <paul.martin@example.fr>")
        self.assertEqual(complaint.partner_id.lang, "fr_FR")
        self.assertEqual(complaint._get_letter_lang(), "fr_FR")

    def test_desk_linking_existing_contacts_only_creates_none(self):
        self.desk.reclamation_email_contact = "find"
        partners = self.partners.search_count([])
        complaint = self._receive(
            "=?utf-8?q?Jeanne_R=C3=A9el?= <jeanne.reel@example.fr>",
            Content_Language="fr",
        )
        self.assertEqual(self.partners.search_count([]), partners)
        self.assertFalse(complaint.partner_id)
        self.assertEqual(complaint.partner_name, "Jeanne Réel")
        self.assertEqual(complaint.partner_email, "jeanne.reel@example.fr")
        self.assertEqual(complaint.partner_lang, "fr_FR")
        self.assertEqual(complaint._get_letter_lang(), "fr_FR")

    def test_a_team_that_is_not_a_desk_keeps_helpdesk_behaviour(self):
        partners = self.partners.search_count([])
        ticket = self._receive("Paul Martin <paul.martin@example.fr>", self.support)
        self.assertFalse(ticket.is_complaint_desk)
        self.assertFalse(ticket.partner_id)
        self.assertEqual(self.partners.search_count([]), partners)
