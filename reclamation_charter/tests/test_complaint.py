# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestComplaint(ReclamationCase):
    def test_desk_ticket_is_a_complaint_with_defaults(self):
        complaint = self._create_complaint(user_id=False)
        self.assertTrue(complaint.is_complaint_desk)
        self.assertEqual(complaint.complaint_kind, "complaint")
        self.assertTrue(complaint.is_charter_complaint)
        self.assertEqual(complaint.complexity, "standard")
        self.assertEqual(complaint.complainant_capacity, "self")
        self.assertTrue(complaint.received_date)
        # The desk leader owns it until someone is assigned.
        self.assertEqual(complaint.owner_id, self.manager)

    def test_values_given_at_creation_keep_the_other_defaults(self):
        complaint = self._create_complaint(complexity="simple")
        self.assertEqual(complaint.complaint_kind, "complaint")
        self.assertTrue(complaint.is_charter_complaint)
        self.assertEqual(complaint.complainant_capacity, "self")
        request = self._create_complaint(complaint_kind="service")
        self.assertEqual(request.complexity, "standard")

    def test_new_complaint_reads_as_new(self):
        """A complaint not yet saved has no title (the form shows "New"),
        not "/ - False"; a saved one reads number and subject."""
        Ticket = self.env["helpdesk.ticket"].with_user(self.handler)
        self.assertFalse(
            Ticket.new({"number": "/", "team_id": self.desk.id}).display_name
        )
        self.assertEqual(
            Ticket.new({"number": "/", "name": "Late refund"}).display_name,
            "Late refund",
        )
        complaint = self._create_complaint()
        self.assertEqual(
            complaint.display_name,
            f"{complaint.number} - Late refund of my membership fee",
        )

    def test_list_shows_the_contact_name(self):
        """The handler's list shows the name of the complaint's contact,
        whatever created the complaint (here, no form and its onchange)."""
        self.env["res.lang"]._activate_lang("fr_FR")
        complaint = self._create_complaint()
        action = self.env.ref("reclamation_charter.helpdesk_ticket_action_complaint")
        list_view = action.view_ids.filtered(lambda v: v.view_mode == "list").view_id
        for lang, label in (("en_US", "Partner Name"), ("fr_FR", "Nom du partenaire")):
            Ticket = self.env["helpdesk.ticket"].with_user(self.handler)
            Ticket = Ticket.with_context(lang=lang)
            arch = Ticket.get_views([(list_view.id, "list")])["views"]["list"]["arch"]
            self.assertRegex(arch, r'<field name="partner_name" optional="show"')
            self.assertEqual(
                Ticket.fields_get(["partner_name"])["partner_name"]["string"], label
            )
        rows = (
            self.env["helpdesk.ticket"]
            .with_user(self.handler)
            .web_search_read([("id", "=", complaint.id)], {"partner_name": {}})
        )
        self.assertEqual(rows["records"][0]["partner_name"], self.customer.name)

    def test_assignee_becomes_owner(self):
        complaint = self._create_complaint(user_id=self.handler.id)
        self.assertEqual(complaint.owner_id, self.handler)

    def test_request_is_not_under_the_charter(self):
        request = self._create_complaint(complaint_kind="information")
        self.assertFalse(request.is_charter_complaint)
        self.assertFalse(request.charter_id)
        self.assertFalse(request.ack_state)
        request.complaint_kind = "complaint"
        self.assertTrue(request.is_charter_complaint)
        self.assertEqual(request.charter_id, self.charter_v2)
        self.assertEqual(request.ack_state, "pending")

    def test_complainant_on_behalf_of_someone(self):
        complaint = self._create_complaint(
            complainant_capacity="heir",
            represented_party_name="Jeanne Durand (deceased)",
            complainant_details="Son of the member; death certificate received.",
            remedy_sought="Refund of the 2025 fee to the estate.",
            written_complaint_date=date(2026, 3, 2),
        )
        self.assertEqual(complaint.complainant_capacity, "heir")
        self.assertEqual(complaint.represented_party_name, "Jeanne Durand (deceased)")
        self.assertEqual(
            complaint.remedy_sought, "Refund of the 2025 fee to the estate."
        )
        self.assertEqual(complaint.mediation_deadline, date(2027, 3, 2))

    def test_version_in_force_at_receipt_is_stamped(self):
        complaint = self._create_complaint()
        self.assertEqual(complaint.charter_id, self.charter_v2)
        old = self._create_complaint(received_date=datetime(2024, 10, 15, 10, 0))
        self.assertEqual(old.charter_id, self.charter_v1)
        # A later publication does not change the version of a complaint.
        draft = self.env["reclamation.charter"].create(
            {
                "version": "3.0",
                "effective_date": date(2026, 1, 1),
                "approver_id": self.manager.id,
                "text": "<p>v3</p>",
            }
        )
        draft.action_publish()
        self.assertEqual(complaint.charter_id, self.charter_v2)
        self.assertEqual(self._create_complaint().charter_id, draft)

    def test_batch_creation_stamps_every_complaint(self):
        vals = [
            {
                "name": f"Complaint {i}",
                "description": "<p>...</p>",
                "team_id": self.desk.id,
                "partner_id": self.customer.id,
                "received_date": datetime(2024, 10, 15) if i % 2 else False,
            }
            for i in range(20)
        ]
        complaints = self.env["helpdesk.ticket"].create(vals)
        self.assertEqual(
            complaints.filtered(lambda c: c.charter_id == self.charter_v1),
            complaints[1::2],
        )
        self.assertEqual(
            complaints.filtered(lambda c: c.charter_id == self.charter_v2),
            complaints[0::2],
        )

    def test_non_desk_ticket_keeps_no_complaint_data(self):
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Printer jammed",
                "description": "<p>Again</p>",
                "team_id": self.support.id,
                "complaint_kind": "complaint",
                "complexity": "complex",
                "complainant_capacity": "representative",
                "represented_party_name": "Someone",
                "remedy_sought": "A new printer",
                "written_complaint_date": date(2026, 1, 5),
            }
        )
        self.assertFalse(ticket.is_complaint_desk)
        for name in ticket._COMPLAINT_DATA_FIELDS:
            self.assertFalse(ticket[name], name)
        self.assertFalse(ticket.charter_id)
        self.assertFalse(ticket.ack_state)

    def test_complaint_does_not_leave_the_desk_by_a_change_of_team(self):
        complaint = self._create_complaint(
            remedy_sought="Refund", represented_party_name="X"
        )
        with self.assertRaises(UserError):
            complaint.team_id = self.support
        self.assertEqual(complaint.team_id, self.desk)
        self.assertEqual(complaint.remedy_sought, "Refund")
        self.assertEqual(complaint.complaint_kind, "complaint")
        # Another desk is fine.
        complaint.team_id = self.other_desk
        self.assertTrue(complaint.is_charter_complaint)

    def test_form_shows_complaint_fields_on_desk_only(self):
        with Form(self.env["helpdesk.ticket"].with_user(self.handler)) as form:
            form.name = "Rude answer at the front desk"
            form.description = "<p>...</p>"
            form.team_id = self.desk
            form.partner_id = self.customer
            form.complexity = "simple"
            form.remedy_sought = "An apology"
        complaint = form.save()
        self.assertEqual(complaint.complexity, "simple")
        self.assertEqual(complaint.remedy_sought, "An apology")
        self.assertEqual(complaint.charter_id, self.charter_v2)

    def test_stage_explanation_is_shown_and_translatable(self):
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        stage.customer_explanation = "We are examining your complaint."
        self.env["res.lang"]._activate_lang("fr_FR")
        stage.with_context(
            lang="fr_FR"
        ).customer_explanation = "Nous examinons votre réclamation."
        complaint = self._create_complaint(stage_id=stage.id)
        self.assertEqual(
            complaint.stage_customer_explanation, "We are examining your complaint."
        )
        self.assertEqual(
            complaint.with_context(lang="fr_FR").stage_customer_explanation,
            "Nous examinons votre réclamation.",
        )
        self.assertIn(stage, complaint.process_stage_ids)

    def test_email_complaint_has_the_email_channel_and_no_assignee(self):
        """Mail piped in by the mail gateway script (no fetchmail context),
        as the mail server delivers it."""
        raw = (
            "From: Jeanne Martin <jeanne.martin@example.com>\r\n"
            "To: reclamations@example.com\r\n"
            "Subject: Double charge on my invoice\r\n"
            "Message-ID: <complaint-channel-1@example.com>\r\n"
            "Date: Mon, 02 Nov 2026 10:00:00 +0100\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "I was charged twice for the same month.\r\n"
        )
        ticket_id = self.env["mail.thread"].message_process(
            "helpdesk.ticket", raw, custom_values={"team_id": self.desk.id}
        )
        complaint = self.env["helpdesk.ticket"].browse(ticket_id)
        self.assertTrue(complaint.is_complaint_desk)
        self.assertEqual(
            complaint.channel_id,
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email"),
        )
        self.assertFalse(complaint.user_id)
        self.assertEqual(complaint.owner_id, self.manager)
