# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, datetime

import pytz
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ReclamationCase

PARIS = pytz.timezone("Europe/Paris")
FRENCH_HOLIDAYS_2026 = [
    date(2026, 5, 14),  # Ascension
    date(2026, 7, 14),
    date(2026, 11, 11),  # Armistice
    date(2026, 12, 25),
    date(2027, 1, 1),
]


def paris(*args):
    """Naive UTC datetime of a wall-clock time in Paris."""
    return PARIS.localize(datetime(*args)).astimezone(pytz.utc).replace(tzinfo=None)


def make_calendar(env, name, days, periods, holidays=()):
    """A calendar working ``periods`` [(from, to)] on ``days`` (0=Monday)."""
    return env["resource.calendar"].create(
        {
            "name": name,
            "tz": "Europe/Paris",
            "attendance_ids": [
                (
                    0,
                    0,
                    {
                        "name": f"{day}-{start}",
                        "dayofweek": str(day),
                        "hour_from": start,
                        "hour_to": end,
                        "day_period": "morning" if start < 12 else "afternoon",
                    },
                )
                for day in days
                for start, end in periods
            ],
            "global_leave_ids": [
                (
                    0,
                    0,
                    {
                        "name": f"Holiday {day}",
                        "date_from": paris(day.year, day.month, day.day, 0, 0),
                        "date_to": paris(day.year, day.month, day.day, 23, 59, 59),
                    },
                )
                for day in holidays
            ],
        }
    )


@tagged("post_install", "-at_install")
class TestSlaDeadlines(ReclamationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = make_calendar(
            cls.env,
            "Office hours",
            range(5),
            [(9, 12), (13, 17)],
            FRENCH_HOLIDAYS_2026,
        )
        cls.desk.resource_calendar_id = cls.calendar
        cls.waiting = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        Policy = cls.env["reclamation.sla.policy"]
        cls.generic = Policy.create(
            {
                "name": "Generic",
                "sequence": 20,
                "ack_amount": 1,
                "ack_unit": "working_days",
                "resolution_amount": 30,
                "resolution_unit": "calendar_days",
                "pause_stage_ids": [(6, 0, cls.waiting.ids)],
            }
        )
        cls.simple = Policy.create(
            {
                "name": "Simple",
                "complexity": "simple",
                "ack_amount": 1,
                "ack_unit": "working_days",
                "resolution_amount": 10,
                "resolution_unit": "working_days",
                "pause_stage_ids": [(6, 0, cls.waiting.ids)],
            }
        )

    def _complaint(self, received, **values):
        return self._create_complaint(received_date=received, **values)

    def test_most_specific_policy_wins(self):
        self.assertEqual(
            self._complaint(paris(2026, 11, 2, 10)).sla_policy_id, self.generic
        )
        simple = self._complaint(paris(2026, 11, 2, 10), complexity="simple")
        self.assertEqual(simple.sla_policy_id, self.simple)
        simple.complexity = "complex"
        self.assertEqual(simple.sla_policy_id, self.generic)

    def test_received_friday_evening(self):
        complaint = self._complaint(paris(2026, 11, 20, 19, 0), complexity="simple")
        # The day of receipt does not count: Mon 23 ... Fri 4 December.
        self.assertEqual(complaint.resolution_deadline, paris(2026, 12, 4, 17, 0))
        self.assertEqual(complaint.ack_deadline, paris(2026, 11, 23, 17, 0))

    def test_received_on_the_eve_of_a_holiday(self):
        complaint = self._complaint(paris(2026, 11, 10, 10, 0))
        # 11 November is a public holiday: acknowledge by Thursday 12.
        self.assertEqual(complaint.ack_deadline, paris(2026, 11, 12, 17, 0))

    def test_across_daylight_saving_change(self):
        self.simple.write({"ack_amount": 8, "ack_unit": "working_hours"})
        complaint = self._complaint(paris(2026, 10, 23, 15, 0), complexity="simple")
        # Friday 15:00-17:00 (CEST), Monday 9:00-12:00 and 13:00-16:00 (CET).
        self.assertEqual(complaint.ack_deadline, paris(2026, 10, 26, 16, 0))
        self.assertEqual(complaint.ack_deadline, datetime(2026, 10, 26, 15, 0))

    def test_half_day_calendar(self):
        half_days = make_calendar(
            self.env, "Wednesday mornings", [0, 1, 3, 4], [(9, 12), (13, 17)]
        )
        half_days.attendance_ids = [
            (0, 0, {"name": "Wed", "dayofweek": "2", "hour_from": 9, "hour_to": 12})
        ]
        self.simple.write(
            {"calendar_id": half_days.id, "ack_amount": 4, "ack_unit": "working_hours"}
        )
        complaint = self._complaint(paris(2026, 11, 4, 11, 0), complexity="simple")
        # Wednesday 11:00-12:00, then Thursday 9:00-12:00: no afternoon on Wednesday.
        self.assertEqual(complaint.ack_deadline, paris(2026, 11, 5, 12, 0))
        self.assertEqual(complaint.sla_calendar_id, half_days)

    def test_saturdays_as_working_days(self):
        ouvrables = make_calendar(
            self.env, "Jours ouvrables", range(6), [(9, 12), (13, 17)]
        )
        self.simple.write(
            {"calendar_id": ouvrables.id, "ack_amount": 2, "ack_unit": "working_days"}
        )
        complaint = self._complaint(paris(2026, 11, 13, 10, 0), complexity="simple")
        # Saturday 14 and Monday 16.
        self.assertEqual(complaint.ack_deadline, paris(2026, 11, 16, 17, 0))

    def test_pause_and_resume_across_a_weekend(self):
        self.simple.write({"resolution_amount": 2, "resolution_unit": "working_days"})
        with freeze_time(paris(2026, 11, 19, 10, 0)):
            complaint = self._complaint(paris(2026, 11, 19, 10, 0), complexity="simple")
        self.assertEqual(complaint.resolution_deadline, paris(2026, 11, 23, 17, 0))
        with freeze_time(paris(2026, 11, 20, 16, 0)):
            complaint.stage_id = self.waiting
            self.assertEqual(complaint.sla_status, "paused")
        self.assertEqual(complaint.sla_paused_since, paris(2026, 11, 20, 16, 0))
        with freeze_time(paris(2026, 11, 23, 10, 0)):
            complaint.stage_id = self.env.ref(
                "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
            )
        # Paused Friday 16:00-17:00 and Monday 9:00-10:00: two working hours,
        # planned forward from Monday 17:00.
        self.assertFalse(complaint.sla_paused_since)
        self.assertEqual(complaint.sla_paused_seconds, 7200)
        self.assertEqual(complaint.resolution_deadline, paris(2026, 11, 24, 11, 0))
        self.assertIn("pause", complaint.message_ids[0].body)

    def test_many_complaints_resume_with_one_schedule(self):
        self.simple.write({"resolution_amount": 2, "resolution_unit": "working_days"})
        in_progress = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")

        def resume(count):
            with freeze_time(paris(2026, 11, 20, 16, 0)):
                complaints = self.env["helpdesk.ticket"].create(
                    [
                        {
                            "name": f"Paused {i}",
                            "description": "<p>.</p>",
                            "team_id": self.desk.id,
                            "complexity": "simple",
                            "received_date": paris(2026, 11, 19, 10, 0),
                            "stage_id": self.waiting.id,
                        }
                        for i in range(count)
                    ]
                )
            self.env.flush_all()
            with freeze_time(paris(2026, 11, 23, 10, 0)):
                before = self.env.cr.sql_log_count
                complaints.write({"stage_id": in_progress.id})
                self.env.flush_all()
                queries = self.env.cr.sql_log_count - before
            return complaints, queries

        _one, queries_1 = resume(1)
        complaints, queries_10 = resume(10)
        self.assertEqual(set(complaints.mapped("sla_paused_seconds")), {7200})
        self.assertEqual(
            set(complaints.mapped("resolution_deadline")), {paris(2026, 11, 24, 11, 0)}
        )
        # The working schedule is read once, not once per complaint.
        self.assertLess(queries_10 - queries_1, 9 * 6)

    def test_policy_change_moves_open_complaints(self):
        complaint = self._complaint(paris(2026, 11, 2, 10, 0), complexity="simple")
        closed = self._complaint(paris(2026, 11, 2, 10, 0), complexity="simple")
        closed.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        closed_deadline = closed.resolution_deadline
        self.simple.resolution_amount = 5
        self._run_deadline_recompute()
        # Monday 2: 3, 4, 5, 6, 9 November.
        self.assertEqual(complaint.resolution_deadline, paris(2026, 11, 9, 17, 0))
        self.assertEqual(closed.resolution_deadline, closed_deadline)
        self.assertIn("policy changed", complaint.message_ids[0].body)
        move = self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", complaint.id), ("kind", "=", "deadline")]
        )
        self.assertEqual(len(move), 1)
        self.assertIn("policy changed", move.reason)
        # Its owner was logged when it was received; no deadline moved.
        self.assertFalse(
            self.env["reclamation.decision.log"].search(
                [("ticket_id", "=", closed.id), ("kind", "!=", "owner")]
            )
        )

    def test_holiday_added_after_receipt(self):
        complaint = self._complaint(paris(2026, 11, 2, 10, 0))
        self.assertEqual(complaint.ack_deadline, paris(2026, 11, 3, 17, 0))
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Closure",
                "calendar_id": self.calendar.id,
                "date_from": paris(2026, 11, 3, 0, 0),
                "date_to": paris(2026, 11, 3, 23, 59, 59),
            }
        )
        self._run_deadline_recompute()
        self.assertEqual(complaint.ack_deadline, paris(2026, 11, 4, 17, 0))
        self.assertIn("public holiday", complaint.message_ids[0].body)

    def test_no_calendar_runs_24_7(self):
        self.desk.resource_calendar_id = False
        self.company.resource_calendar_id = False
        complaint = self._complaint(datetime(2026, 11, 21, 10, 0), complexity="simple")
        self.assertFalse(complaint.sla_calendar_id)
        self.assertIn("24/7", complaint.sla_explanation)
        # Ten days, Saturday and Sunday included, end of day in UTC.
        self.assertEqual(
            complaint.resolution_deadline, datetime(2026, 12, 1, 23, 59, 59)
        )

    def test_ticket_without_team_has_no_deadline(self):
        ticket = self._create_complaint(team_id=False)
        self.assertFalse(ticket.sla_policy_id)
        self.assertFalse(ticket.resolution_deadline)

    def test_legal_ceiling(self):
        self.generic.write(
            {"resolution_amount": 3, "resolution_unit": "calendar_months"}
        )
        complaint = self._complaint(
            paris(2026, 11, 2, 10, 0), written_complaint_date=date(2026, 10, 1)
        )
        # Two months after the written complaint, not three after receipt.
        self.assertEqual(complaint.sla_ceiling_date, paris(2026, 12, 1, 23, 59, 59))
        self.assertEqual(complaint.resolution_deadline, complaint.sla_ceiling_date)

    def test_status_at_risk_and_breached(self):
        complaint = self._complaint(paris(2026, 11, 2, 10, 0), complexity="simple")
        with freeze_time(paris(2026, 11, 3, 10, 0)):
            complaint.invalidate_recordset(["sla_status"])
            self.assertEqual(complaint.sla_status, "on_track")
        # Ten working days (11 November is a holiday): Tuesday 17 at 17:00;
        # 75 % of the 76 working hours are used on Friday 13 at 11:00.
        self.assertEqual(complaint.resolution_deadline, paris(2026, 11, 17, 17, 0))
        self.assertEqual(complaint.sla_risk_date, paris(2026, 11, 13, 11, 0))
        with freeze_time(paris(2026, 11, 13, 10, 59)):
            complaint.invalidate_recordset(["sla_status"])
            self.assertEqual(complaint.sla_status, "on_track")
        with freeze_time(paris(2026, 11, 16, 10, 0)):
            complaint.invalidate_recordset(["sla_status"])
            self.assertEqual(complaint.sla_status, "at_risk")
            found = self.env["helpdesk.ticket"].search(
                [("sla_status", "=", "at_risk"), ("id", "=", complaint.id)]
            )
            self.assertEqual(found, complaint)
        with freeze_time(paris(2026, 11, 20, 10, 0)):
            complaint.invalidate_recordset(["sla_status"])
            self.assertEqual(complaint.sla_status, "breached")
            found = self.env["helpdesk.ticket"].search(
                [("sla_status", "in", ["breached"]), ("id", "=", complaint.id)]
            )
            self.assertEqual(found, complaint)

    def test_status_groupable_and_success_rate(self):
        done = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        with freeze_time(paris(2026, 11, 5, 10, 0)):
            on_time = self._complaint(paris(2026, 11, 2, 10, 0), complexity="simple")
            on_time.stage_id = done
        with freeze_time(paris(2026, 11, 30, 10, 0)):
            late = self._complaint(paris(2026, 11, 2, 10, 0), complexity="simple")
            late.stage_id = done
        breached = self._complaint(paris(2026, 11, 2, 10, 0), complexity="simple")
        running = self._complaint(paris(2026, 11, 26, 10, 0), complexity="simple")
        complaints = on_time | late | breached | running
        with freeze_time(paris(2026, 11, 30, 12, 0)):
            groups = dict(
                self.env["helpdesk.ticket"]._read_group(
                    [("id", "in", complaints.ids)], ["sla_status"], ["__count"]
                )
            )
            self.assertEqual(
                groups, {"met": 1, "met_late": 1, "breached": 1, "on_track": 1}
            )
            self.assertEqual(
                self.env["helpdesk.ticket"].search(
                    [("id", "in", complaints.ids)], order="sla_status, id"
                ),
                breached | on_time | late | running,
            )
        # The success rate is over answered complaints (the report's domain).
        [(rate,)] = self.env["helpdesk.ticket"]._read_group(
            [("id", "in", complaints.ids), ("closed", "=", True)],
            [],
            ["sla_success:avg"],
        )
        self.assertEqual(rate, 50.0)

    def test_team_calendar_change_moves_open_complaints_only(self):
        complaint = self._complaint(paris(2026, 11, 13, 10, 0), complexity="simple")
        closed = self._complaint(paris(2026, 11, 13, 10, 0), complexity="simple")
        closed.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        closed_ack = closed.ack_deadline
        self.assertEqual(complaint.ack_deadline, paris(2026, 11, 16, 17, 0))
        saturdays = make_calendar(self.env, "Mon-Sat", range(6), [(9, 12), (13, 17)])
        self.desk.resource_calendar_id = saturdays
        self._run_deadline_recompute()
        self.assertEqual(complaint.ack_deadline, paris(2026, 11, 14, 17, 0))
        self.assertEqual(complaint.sla_calendar_id, saturdays)
        self.assertEqual(closed.ack_deadline, closed_ack)
        self.assertIn("working calendar", complaint.message_ids[0].body)

    def test_acknowledgement_timeliness(self):
        with freeze_time(paris(2026, 11, 13, 10, 0)):
            complaint = self._complaint(paris(2026, 11, 13, 10, 0))
            complaint._send_acknowledgements()
        self.assertEqual(complaint.ack_on_time, "on_time")
        with freeze_time(paris(2026, 11, 20, 10, 0)):
            late = self._complaint(paris(2026, 11, 13, 10, 0))
            late._send_acknowledgements()
        self.assertEqual(late.ack_on_time, "late")

    def test_invalid_policies_are_refused(self):
        Policy = self.env["reclamation.sla.policy"]
        empty = self.env["resource.calendar"].create(
            {"name": "Empty", "attendance_ids": [(5, 0, 0)]}
        )
        for values, message in (
            ({"name": "Zero", "resolution_amount": 0}, "positive"),
            ({"name": "Negative", "ack_amount": -1}, "positive"),
            ({"name": "Risky", "risk_threshold": 100}, "between 0 and 100"),
            ({"name": "Riskless", "risk_threshold": 0}, "between 0 and 100"),
            ({"name": "Empty calendar", "calendar_id": empty.id}, "no working time"),
        ):
            with self.assertRaises(ValidationError) as caught:
                Policy.create(values)
            self.assertIn(message, str(caught.exception))
        self.assertFalse(
            Policy.search([("name", "in", ["Zero", "Negative", "Risky", "Riskless"])])
        )

    def test_holding_letter_extends_past_the_ceiling(self):
        self.generic.write(
            {"resolution_amount": 3, "resolution_unit": "calendar_months"}
        )
        with freeze_time(paris(2026, 11, 25, 10, 0)):
            complaint = self._complaint(
                paris(2026, 11, 2, 10, 0), written_complaint_date=date(2026, 11, 2)
            )
            ceiling = complaint.sla_ceiling_date
            self.assertEqual(complaint.resolution_deadline, ceiling)
            wizard = self.env["reclamation.holding.letter"].with_user(self.handler)
            letter = wizard.create(
                {
                    "ticket_id": complaint.id,
                    "new_date": date(2027, 2, 15),
                    "reason": "We are waiting for our insurer's expert report.",
                }
            )
            letter.action_send()
        self.assertEqual(complaint.resolution_deadline, paris(2027, 2, 15, 23, 59, 59))
        self.assertGreater(complaint.resolution_deadline, ceiling)
        letter_message = complaint.message_ids.filtered(
            lambda m: m.message_type == "comment"
        )
        self.assertEqual(len(letter_message), 1)
        self.assertIn("insurer's expert report", str(letter_message.body))
        self.assertEqual(letter_message.partner_ids, self.customer)
        self.assertIn("holding letter", complaint.message_ids[0].body)
        extension = self.env["reclamation.decision.log"].search(
            [("ticket_id", "=", complaint.id), ("kind", "=", "extension")]
        )
        self.assertEqual(
            extension.reason, "We are waiting for our insurer's expert report."
        )
        self.assertEqual(extension.user_id, self.handler)

    def test_payment_services_letters_up_to_35_working_days(self):
        self.generic.active = False
        self.simple.active = False
        self.env["reclamation.sla.policy"]._create_preset("payment_services")
        with freeze_time(paris(2026, 11, 25, 10, 0)):
            complaint = self._complaint(paris(2026, 11, 2, 10, 0))
            # 15 working days (11 November is a holiday): Tuesday 24 November;
            # letters up to 35 working days: Tuesday 22 December.
            self.assertEqual(complaint.resolution_deadline, paris(2026, 11, 24, 17, 0))
            self.assertEqual(complaint.sla_ceiling_date, paris(2026, 11, 24, 17, 0))
            self.assertEqual(
                complaint.sla_extension_limit_date, paris(2026, 12, 22, 17, 0)
            )
            with self.assertRaises(UserError) as caught:
                complaint._extend_resolution_deadline(date(2026, 12, 23), "Audit")
            self.assertIn("at the latest", str(caught.exception))
            self.assertFalse(complaint.resolution_extended_to)
            complaint._extend_resolution_deadline(date(2026, 12, 18), "Audit")
        self.assertEqual(complaint.resolution_deadline, paris(2026, 12, 18, 23, 59, 59))

    def test_unknown_unit_is_refused(self):
        with self.assertRaises(ValueError):
            self.env["reclamation.sla.policy"].create(
                {"name": "Fortnights", "resolution_unit": "fortnights"}
            )

    def test_holding_letter_bad_input_changes_nothing(self):
        with freeze_time(paris(2026, 11, 25, 10, 0)):
            complaint = self._complaint(paris(2026, 11, 20, 10, 0))
            deadline = complaint.resolution_deadline
            messages = complaint.message_ids
            for new_date, reason, message in (
                (date(2026, 11, 24), "Expert report", "in the past"),
                (date(2027, 3, 1), "   ", "reason"),
                (date(2026, 11, 26), "Expert report", "later than the current"),
            ):
                with self.assertRaises(UserError) as caught:
                    complaint._extend_resolution_deadline(new_date, reason)
                self.assertIn(message, str(caught.exception))
        self.assertEqual(complaint.resolution_deadline, deadline)
        self.assertFalse(complaint.resolution_extended_to)
        self.assertEqual(complaint.message_ids, messages)


@tagged("post_install", "-at_install")
class TestSlaAlerts(ReclamationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = make_calendar(
            cls.env, "Office hours", range(5), [(9, 12), (13, 17)], FRENCH_HOLIDAYS_2026
        )
        cls.desk.resource_calendar_id = cls.calendar
        cls.escalation = cls.dpo
        cls.policy = cls.env["reclamation.sla.policy"].create(
            {
                "name": "Simple",
                "resolution_amount": 10,
                "resolution_unit": "working_days",
                "update_amount": 5,
                "update_unit": "calendar_days",
                "escalation_user_id": cls.manager.id,
            }
        )
        cls.cron = cls.env.ref("reclamation_charter.ir_cron_sla_alerts")
        cls.complaint = cls._create_complaint(
            received_date=paris(2026, 11, 2, 10, 0), user_id=cls.handler.id
        )

    def _run_alerts(self, when):
        with freeze_time(when), self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.complaint.invalidate_recordset()

    def _activities(self, xmlid):
        return self.complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(xmlid)
        )

    def test_at_risk_alert_sent_once(self):
        self._run_alerts(paris(2026, 11, 16, 10, 0))
        self._run_alerts(paris(2026, 11, 16, 11, 0))
        risk = self._activities(
            "reclamation_charter.mail_activity_type_complaint_at_risk"
        )
        self.assertEqual(risk.user_id, self.handler)
        self.assertEqual(self.complaint.sla_alert_level, "at_risk")

    def test_breach_alerts_owner_and_escalation_once(self):
        self._run_alerts(paris(2026, 11, 20, 10, 0))
        self._run_alerts(paris(2026, 11, 23, 10, 0))
        breach = self._activities(
            "reclamation_charter.mail_activity_type_complaint_breached"
        )
        self.assertEqual(breach.user_id, self.handler | self.manager)
        self.assertEqual(self.complaint.sla_alert_level, "breached")

    def test_nothing_before_the_thresholds(self):
        self._run_alerts(paris(2026, 11, 3, 10, 0))
        self.assertFalse(self.complaint.activity_ids)
        self.assertFalse(self.complaint.sla_alert_level)

    def test_update_reminder_when_the_customer_heard_nothing(self):
        # Every 5 calendar days from receipt: 7 November is a Saturday, so the
        # end of Monday 9.
        self.assertEqual(self.complaint.update_deadline, paris(2026, 11, 9, 23, 59, 59))
        self._run_alerts(paris(2026, 11, 10, 9, 0))
        self._run_alerts(paris(2026, 11, 10, 10, 0))
        reminder = self._activities(
            "reclamation_charter.mail_activity_type_complaint_update"
        )
        self.assertEqual(len(reminder), 1)
        # A message to the customer restarts the clock: no reminder until due.
        with freeze_time(paris(2026, 11, 10, 11, 0)):
            self.complaint.message_post(
                body="We have asked the accounts department.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(
            self.complaint.update_deadline, paris(2026, 11, 16, 23, 59, 59)
        )
        self._run_alerts(paris(2026, 11, 12, 10, 0))
        self.assertEqual(
            len(
                self._activities(
                    "reclamation_charter.mail_activity_type_complaint_update"
                )
            ),
            1,
        )


@tagged("post_install", "-at_install")
class TestSlaSetup(ReclamationCase):
    def test_import_french_public_holidays(self):
        calendar = make_calendar(self.env, "Office", range(5), [(9, 12), (13, 17)])
        wizard = self.env["reclamation.public.holiday.import"].create(
            {
                "calendar_id": calendar.id,
                "country_id": self.env.ref("base.fr").id,
                "year": 2026,
            }
        )
        wizard.action_import()
        days = {
            pytz.utc.localize(leave.date_from).astimezone(PARIS).date()
            for leave in calendar.global_leave_ids
        }
        self.assertEqual(len(days), 11)
        self.assertIn(date(2026, 7, 14), days)
        self.assertIn(date(2026, 5, 14), days)  # Ascension
        # Importing again adds nothing.
        wizard.action_import()
        self.assertEqual(len(calendar.global_leave_ids), 11)

    def test_unknown_country_is_refused(self):
        calendar = make_calendar(self.env, "Office", range(5), [(9, 17)])
        with self.assertRaises(UserError):
            calendar._import_public_holidays("XX", 2026)
        self.assertFalse(calendar.global_leave_ids)

    def test_sector_presets_create_editable_policies(self):
        stage = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        wizard = (
            self.env["reclamation.sla.preset"]
            .with_user(self.manager)
            .create({"preset": "generic", "pause_stage_ids": [(6, 0, stage.ids)]})
        )
        action = wizard.action_load()
        policies = self.env["reclamation.sla.policy"].search(action["domain"])
        self.assertEqual(
            sorted(
                policies.mapped(
                    lambda p: (p.complexity, p.resolution_amount, p.resolution_unit)
                )
            ),
            [
                ("complex", 2, "calendar_months"),
                ("simple", 10, "working_days"),
                ("standard", 30, "calendar_days"),
            ],
        )
        self.assertEqual(policies.pause_stage_ids, stage)
        policies[0].with_user(self.manager).resolution_amount = 12
        acpr = self.env["reclamation.sla.policy"]._create_preset("acpr_amf")
        self.assertEqual((acpr.ack_amount, acpr.ack_unit), (10, "working_days"))
        psd2 = self.env["reclamation.sla.policy"]._create_preset("payment_services")
        self.assertEqual(
            (psd2.resolution_amount, psd2.resolution_unit), (15, "working_days")
        )
