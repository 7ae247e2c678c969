# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL


class HelpdeskTicket(models.Model):
    """The complaint manager's dashboard (charter article 6): the month's key
    figures and the previous month's, in two queries whatever the number of
    complaints."""

    _inherit = "helpdesk.ticket"

    # The figures of the dashboard, in the order it shows them.
    _DASHBOARD_FIGURES = (
        "received",
        "open",
        "at_risk",
        "breached",
        "answer_days",
        "satisfaction",
        "actions_overdue",
    )

    @api.model
    def _reclamation_dashboard_figures(self, company, today=None):
        """{figure: (this month, previous month)} for ``company``.

        Counts of open, at-risk and breached complaints are taken now and at
        the start of the month (the previous month's closing position);
        received complaints, the average answer time (days from receipt to
        closure) and satisfaction are over the complaints received, closed
        or answered in each month. Aggregated in SQL: two queries."""
        if not self.env.user.has_group("reclamation_charter.group_reclamation_manager"):
            raise AccessError(
                self.env._("Only complaint managers see the complaint dashboard.")
            )
        if company not in self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "You cannot see the complaints of %(company)s.",
                    company=company.display_name,
                )
            )
        today = today or fields.Date.context_today(self)
        now = fields.Datetime.now()
        start = datetime.combine(today.replace(day=1), time.min)
        previous = start - relativedelta(months=1)
        following = start + relativedelta(months=1)
        self.env.flush_all()
        # Open at a moment: received before it and not closed by then.
        open_at = SQL(
            "t.received_date < %(at)s AND (t.closed IS NOT TRUE "
            "OR COALESCE(t.closed_date, %(now)s) >= %(at)s)",
            at=start,
            now=now,
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT
                    COUNT(*) FILTER (
                        WHERE t.received_date >= %(start)s
                        AND t.received_date < %(following)s),
                    COUNT(*) FILTER (
                        WHERE t.received_date >= %(previous)s
                        AND t.received_date < %(start)s),
                    COUNT(*) FILTER (WHERE t.closed IS NOT TRUE),
                    COUNT(*) FILTER (WHERE %(open_at)s),
                    COUNT(*) FILTER (
                        WHERE t.closed IS NOT TRUE AND t.sla_paused_since IS NULL
                        AND t.sla_risk_date <= %(now)s
                        AND t.resolution_deadline >= %(now)s),
                    COUNT(*) FILTER (
                        WHERE %(open_at)s AND t.sla_risk_date <= %(start)s
                        AND t.resolution_deadline >= %(start)s),
                    COUNT(*) FILTER (
                        WHERE t.closed IS NOT TRUE AND t.sla_paused_since IS NULL
                        AND t.resolution_deadline < %(now)s),
                    COUNT(*) FILTER (
                        WHERE %(open_at)s AND t.resolution_deadline < %(start)s),
                    AVG(EXTRACT(EPOCH FROM (t.closed_date - t.received_date))
                        / 86400.0) FILTER (
                        WHERE t.closed AND t.closed_date >= %(start)s
                        AND t.closed_date < %(following)s),
                    AVG(EXTRACT(EPOCH FROM (t.closed_date - t.received_date))
                        / 86400.0) FILTER (
                        WHERE t.closed AND t.closed_date >= %(previous)s
                        AND t.closed_date < %(start)s),
                    AVG(NULLIF(t.satisfaction_score, 0)) FILTER (
                        WHERE t.satisfaction_state = 'answered'
                        AND t.satisfaction_answered_on >= %(start)s
                        AND t.satisfaction_answered_on < %(following)s),
                    AVG(NULLIF(t.satisfaction_score, 0)) FILTER (
                        WHERE t.satisfaction_state = 'answered'
                        AND t.satisfaction_answered_on >= %(previous)s
                        AND t.satisfaction_answered_on < %(start)s)
                FROM helpdesk_ticket t
                WHERE t.is_charter_complaint IS TRUE AND t.company_id = %(company)s
                """,
                start=start,
                previous=previous,
                following=following,
                now=now,
                open_at=open_at,
                company=company.id,
            )
        )
        row = self.env.cr.fetchone()
        # Overdue now, and at the start of the month (due before it and not
        # done by then).
        self.env.cr.execute(
            SQL(
                """
                SELECT
                    COUNT(*) FILTER (
                        WHERE a.state IN ('planned', 'in_progress')
                        AND a.date_deadline < %(today)s),
                    COUNT(*) FILTER (
                        WHERE a.date_deadline < %(start)s
                        AND (a.state IN ('planned', 'in_progress')
                            OR a.done_date >= %(start)s))
                FROM reclamation_corrective_action a
                WHERE a.company_id = %(company)s
                """,
                today=today,
                start=start.date(),
                company=company.id,
            )
        )
        actions = self.env.cr.fetchone()
        values = (*row, *actions)
        return {
            name: (values[2 * index], values[2 * index + 1])
            for index, name in enumerate(self._DASHBOARD_FIGURES)
        }
