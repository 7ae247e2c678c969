# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The fields of a complaint a customer reads over JSON-RPC: an allow-list.
A new field is readable by customers only once it is added here, on
purpose; what the association writes for itself carries ``groups=``."""

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

# What the customer may read of their complaint, by the module that adds it.
PORTAL_READABLE_FIELDS = {
    "base": {
        "id",
        "display_name",
        "create_date",
        "create_uid",
        "write_date",
        "write_uid",
    },
    "helpdesk_mgmt": {
        "active",
        "assigned_date",
        "attachment_ids",
        "category_id",
        "channel_id",
        "closed_date",
        "color",
        "company_id",
        "description",
        "duplicate_count",
        "duplicate_id",
        "duplicate_ids",
        "duplicate_tracking_enabled",
        "kanban_state",
        "last_stage_update",
        "name",
        "number",
        "priority",
        "properties",
        "sequence",
        "stage_id",
        "tag_ids",
        "team_id",
        "unattended",
        "user_id",
        "user_ids",
    },
    "mail, portal, sms": {
        "access_token",
        "access_url",
        "access_warning",
        "activity_exception_decoration",
        "activity_exception_icon",
        "activity_type_icon",
        "duration_tracking",
        "email_cc",
        "has_message",
        "is_rotting",
        "message_has_error",
        "message_has_error_counter",
        "message_has_sms_error",
        "message_ids",
        "message_is_follower",
        "message_needaction",
        "message_needaction_counter",
        "rotting_days",
        "website_message_ids",
    },
    # The customer's own data, what they were told and the deadlines the
    # charter promises them.
    "reclamation_charter": {
        "ack_deadline",
        "ack_on_time",
        "ack_sent_date",
        "ack_state",
        "anonymised_date",
        "appeal_channel",
        "appeal_deadline",
        "appeal_reason",
        "appeal_requested_on",
        "appeal_state",
        "charter_id",
        "closed",
        "commercial_partner_id",
        "complainant_capacity",
        "complainant_details",
        "complaint_kind",
        "complexity",
        "consent_count",
        "consent_ids",
        "email_normalized",
        "is_charter_complaint",
        "is_complaint_desk",
        "mediation_deadline",
        "owner_id",
        "partner_email",
        "partner_id",
        "partner_lang",
        "partner_name",
        "process_stage_ids",
        "processing_restricted",
        "received_date",
        "remedy_sought",
        "represented_partner_id",
        "represented_party_name",
        "resolution_count",
        "resolution_deadline",
        "resolution_extended_to",
        "resolution_extension_reason",
        "resolution_ids",
        "resolution_outcome",
        "retention_anonymise_date",
        "retention_archive_date",
        "retention_phase",
        "satisfaction_answered_on",
        "satisfaction_clarity_score",
        "satisfaction_deadlines_score",
        "satisfaction_fairness_score",
        "satisfaction_listening_score",
        "satisfaction_reminded_date",
        "satisfaction_score",
        "satisfaction_sent_date",
        "satisfaction_state",
        "satisfaction_user_input_id",
        "share_count",
        "share_ids",
        "sla_alert_level",
        "sla_calendar_id",
        "sla_ceiling_date",
        "sla_explanation",
        "sla_extension_limit_date",
        "sla_last_update_date",
        "sla_paused_seconds",
        "sla_paused_since",
        "sla_policy_id",
        "sla_restart_date",
        "sla_risk_date",
        "sla_status",
        "sla_success",
        "sla_update_reminded_for",
        "stage_customer_explanation",
        "update_deadline",
        "written_complaint_date",
    },
}


@tagged("post_install", "-at_install")
class TestPortalReadableFields(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = new_test_user(
            cls.env, login="rcprf-customer", groups="base.group_portal"
        )
        desk = cls.env["helpdesk.ticket.team"].create(
            {"name": "Complaint desk", "is_complaint_desk": True}
        )
        cls.complaint = cls.env["helpdesk.ticket"].create(
            {
                "name": "Rude answer at the counter",
                "description": "<p>The clerk shouted.</p>",
                "team_id": desk.id,
                "partner_id": cls.customer.partner_id.id,
            }
        )

    def test_customer_reads_only_the_allowed_fields(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.customer)
        readable = {
            name
            for name, field in Ticket._fields.items()
            if Ticket._has_field_access(field, "read")
        }
        allowed = set().union(*PORTAL_READABLE_FIELDS.values())
        self.maxDiff = None
        self.assertEqual(sorted(readable - allowed), [], "readable, not allowed")
        self.assertEqual(sorted(allowed - readable), [], "allowed, not readable")

    def test_internal_fields_are_refused(self):
        complaint = self.complaint.with_user(self.customer)
        for name in (
            "legal_hold",
            "legal_hold_reason",
            "legal_hold_user_id",
            "legal_hold_date",
            "restriction_reason",
            "internal_assessment",
            "root_cause_id",
            "is_justified",
            "corrective_action_ids",
        ):
            with self.subTest(field=name), self.assertRaises(AccessError):
                complaint.read([name])
