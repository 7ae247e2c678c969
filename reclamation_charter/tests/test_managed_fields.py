# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import ReclamationCase


@tagged("post_install", "-at_install")
class TestManagedFields(ReclamationCase):
    """Fields the product manages change only through its own actions: a
    handler writing them as any RPC client can is refused, nothing changes
    and nothing is logged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.waiting = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.policy = cls.env["reclamation.sla.policy"].create(
            {
                "name": "Generic",
                "ack_amount": 1,
                "ack_unit": "calendar_days",
                "resolution_amount": 30,
                "resolution_unit": "calendar_days",
                "legal_ceiling_amount": 2,
                "legal_ceiling_unit": "calendar_months",
                "pause_stage_ids": [(6, 0, cls.waiting.ids)],
            }
        )
        cls.senior = new_test_user(
            cls.env,
            login="rc-senior",
            groups="reclamation_charter.group_reclamation_senior",
        )
        cls.desk.user_ids |= cls.senior
        cls.complaint = cls._create_complaint()
        cls.held = cls._create_complaint()
        cls.held.with_user(cls.dpo)._set_legal_hold("Court case 26/123")
        cls.restricted = cls._create_complaint()
        cls.restricted.with_user(cls.manager)._restrict_processing("Art. 18 request")

    def _log_count(self, ticket):
        return self.env["reclamation.decision.log"].search_count(
            [("ticket_id", "=", ticket.id)]
        )

    def _assert_refused(self, user, ticket, values):
        fields_ = list(values)
        before = ticket.read(fields_)[0]
        logs = self._log_count(ticket)
        messages = len(ticket.message_ids)
        with self.assertRaises(AccessError):
            ticket.with_user(user).write(values)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.read(fields_)[0], before, values)
        self.assertEqual(self._log_count(ticket), logs, "nothing logged")
        self.assertEqual(len(ticket.message_ids), messages, "nothing posted")

    def test_handler_cannot_write_managed_fields(self):
        future = datetime(2031, 1, 1)
        attacks = [
            (self.held, {"legal_hold": False}),
            (self.held, {"legal_hold_reason": False}),
            (self.held, {"legal_hold_user_id": self.handler.id}),
            (self.held, {"legal_hold_date": future}),
            (self.restricted, {"processing_restricted": False}),
            (self.restricted, {"restriction_reason": "Nothing"}),
            (self.complaint, {"retention_phase": "anonymised"}),
            (self.complaint, {"anonymised_date": future}),
            (self.complaint, {"resolution_extended_to": future}),
            (self.complaint, {"resolution_extension_reason": "Because"}),
            (self.complaint, {"resolution_deadline": future}),
            (self.complaint, {"sla_ceiling_date": future}),
            (self.complaint, {"ack_state": "sent"}),
            (self.complaint, {"ack_sent_date": future}),
            (self.complaint, {"sla_paused_since": future}),
            (self.complaint, {"sla_paused_seconds": 10**7}),
            (self.complaint, {"sla_alert_level": "breached"}),
            (self.complaint, {"charter_id": self.charter_v1.id}),
            (self.complaint, {"sla_policy_id": False}),
        ]
        for user in (self.handler, self.senior, self.manager, self.dpo):
            for ticket, values in attacks:
                with self.subTest(user=user.login, values=values):
                    self._assert_refused(user, ticket, values)
        self.assertTrue(self.held.legal_hold)
        self.assertTrue(self.restricted.processing_restricted)

    def test_superuser_without_the_product_action_is_refused(self):
        with self.assertRaises(AccessError):
            self.held.sudo().write({"legal_hold": False})
        # A context flag alone is no authorisation.
        with self.assertRaises(AccessError):
            self.held.with_user(self.manager).with_context(
                reclamation_managed_write=True
            ).write({"legal_hold": False})
        self.assertTrue(self.held.legal_hold)

    def test_managed_fields_refused_at_creation(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.handler)
        count = Ticket.search_count([])
        for values in (
            {"legal_hold": True},
            {"processing_restricted": True},
            {"retention_phase": "archived"},
            {"ack_state": "sent"},
            {"ack_sent_date": datetime(2026, 3, 1)},
            {"sla_paused_seconds": 3600},
            {"sla_alert_level": "at_risk"},
            {"resolution_extended_to": datetime(2031, 1, 1)},
            {"charter_id": self.charter_v1.id},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                Ticket.create(
                    {
                        "name": "Forged",
                        "description": "<p>.</p>",
                        "team_id": self.desk.id,
                        **values,
                    }
                )
        self.assertEqual(Ticket.search_count([]), count)

    def test_received_date_given_at_creation_then_frozen_by_the_acknowledgement(self):
        received = datetime(2026, 3, 2, 9, 30)
        complaint = (
            self.env["helpdesk.ticket"]
            .with_user(self.handler)
            .create(
                {
                    "name": "Phone complaint of Monday",
                    "description": "<p>Called about the refund.</p>",
                    "team_id": self.desk.id,
                    "partner_id": self.customer.id,
                    "received_date": received,
                }
            )
        )
        self.assertEqual(complaint.received_date, received)
        # Corrected before the acknowledgement: allowed, the move is logged.
        corrected = datetime(2026, 3, 2, 8, 0)
        complaint.with_user(self.handler).received_date = corrected
        self.assertEqual(complaint.received_date, corrected)
        with self.enter_registry_test_mode():
            self.env.ref(
                "reclamation_charter.ir_cron_send_acknowledgements"
            ).method_direct_trigger()
        complaint.invalidate_recordset()
        self.assertEqual(complaint.ack_state, "sent")
        self._assert_refused(
            self.handler, complaint, {"received_date": datetime(2026, 3, 20)}
        )
        self.assertEqual(complaint.received_date, corrected)

    def test_product_actions_still_work_and_are_logged(self):
        Log = self.env["reclamation.decision.log"]
        # Legal hold and restriction: by the DPO and managers, logged.
        self.assertEqual(self.held.legal_hold_user_id, self.dpo)
        self.assertTrue(
            Log.search([("ticket_id", "=", self.held.id), ("kind", "=", "legal_hold")])
        )
        self.held.with_user(self.manager)._release_legal_hold("Case closed")
        self.assertFalse(self.held.legal_hold)
        self.restricted.with_user(self.dpo)._lift_restriction("Verified")
        self.assertFalse(self.restricted.processing_restricted)
        self.assertEqual(
            Log.search_count(
                [("ticket_id", "=", self.restricted.id), ("kind", "=", "restriction")]
            ),
            2,
        )
        # ... and still not by a handler.
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.handler)._set_legal_hold("Dispute")
        self.assertFalse(self.complaint.legal_hold)
        # Holding letter by a handler of the desk, past the legal ceiling.
        wizard = self.env["reclamation.holding.letter"].with_user(self.handler)
        new_date = self.complaint.sla_ceiling_date.date().replace(
            year=self.complaint.sla_ceiling_date.year + 1
        )
        self.policy.extension_limit_amount = 0
        wizard.create(
            {
                "ticket_id": self.complaint.id,
                "new_date": new_date,
                "reason": "Waiting for the expert report.",
            }
        ).action_send()
        self.assertEqual(self.complaint.resolution_extended_to.date(), new_date)
        self.assertTrue(
            Log.search(
                [("ticket_id", "=", self.complaint.id), ("kind", "=", "extension")]
            )
        )
        # Pause stages, by the handler moving the complaint.
        self.complaint.with_user(self.handler).stage_id = self.waiting
        self.assertTrue(self.complaint.sla_paused_since)
        self.complaint.with_user(self.handler).stage_id = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        self.assertFalse(self.complaint.sla_paused_since)
        self.assertGreaterEqual(self.complaint.sla_paused_seconds, 0)

    def test_form_save_still_works_for_normal_fields(self):
        complaint = self.complaint.with_user(self.handler)
        with Form(complaint) as form:
            form.name = "Refund still missing"
            form.complexity = "complex"
            form.remedy_sought = "The refund and an apology."
        self.assertEqual(complaint.name, "Refund still missing")
        self.assertEqual(complaint.complexity, "complex")
        with Form(self.env["helpdesk.ticket"].with_user(self.handler)) as form:
            form.name = "Received by phone"
            form.description = "<p>Called on Monday about the refund.</p>"
            form.team_id = self.desk
            form.received_date = datetime(2026, 3, 2, 9, 0)
        self.assertEqual(form.record.received_date, datetime(2026, 3, 2, 9, 0))
