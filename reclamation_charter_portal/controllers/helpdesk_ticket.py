# Copyright 2026 Association Réclamations Éthiques
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import Forbidden, NotFound

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk


class HelpdeskTicketControllerReclamation(HelpdeskTicketController):
    @http.route("/ticket/close", type="http", auth="user", methods=["POST"], csrf=True)
    def support_ticket_close(self, ticket_id=None, stage_id=None, **kw):
        """Close a ticket at its customer's request.

        Replaces helpdesk_mgmt's route, which looked the ticket up with sudo()
        by the id it was given, on GET: the ticket is read as the user, so
        that only a customer who can read it closes it, into one of the
        closing stages of its team. A complaint is not closed this way: the
        customer withdraws it."""
        try:
            ticket = request.env["helpdesk.ticket"].browse(int(ticket_id))
            stage = request.env["helpdesk.ticket.stage"].browse(int(stage_id))
        except (TypeError, ValueError) as error:
            raise NotFound() from error
        if not ticket.exists() or not ticket.has_access("read"):
            raise NotFound()
        # sudo: helpdesk.ticket - customers may not write on tickets; the
        # ticket was read as the user just above.
        ticket_sudo = ticket.sudo()
        url = f"/my/ticket/{ticket.id}"
        if (
            not ticket_sudo.is_complaint_desk
            and stage.sudo() not in ticket_sudo._get_portal_close_stages()
        ):
            # As helpdesk_mgmt does: a stage the ticket cannot be closed
            # into changes nothing.
            return request.redirect(url, code=302)
        try:
            ticket_sudo._portal_close(stage.sudo())
        except UserError as error:
            raise Forbidden(error.args[0]) from error
        return request.redirect(url, code=302)


class CustomerPortalHelpdeskReclamation(CustomerPortalHelpdesk):
    @http.route()
    def portal_my_tickets(
        self,
        page=1,
        date_begin=None,
        date_end=None,
        sortby=None,
        filterby=None,
        search=None,
        search_in=None,
        groupby=None,
        **kw,
    ):
        """helpdesk_mgmt's list of tickets, which answered 500 to an unknown
        sort, filter, grouping or search field, a malformed date or a NUL
        character: what it does not know is dropped, giving the default
        page, as for the complaints' list."""
        return super().portal_my_tickets(
            page=page,
            **self._ticket_clean_list_params(
                date_begin=date_begin,
                date_end=date_end,
                sortby=sortby,
                filterby=filterby,
                search=search,
                search_in=search_in,
                groupby=groupby,
            ),
            **kw,
        )

    def _ticket_clean_list_params(self, **params):
        """The list parameters helpdesk_mgmt understands; None for others."""
        known = {
            "sortby": self._ticket_get_searchbar_sortings(),
            "groupby": self._ticket_get_searchbar_groupby(),
            "search_in": self._ticket_get_searchbar_inputs(),
        }
        clean = {}
        for name, value in params.items():
            if isinstance(value, str):
                value = value.replace("\x00", "")
            if name in known and value not in known[name]:
                value = None
            elif name == "filterby" and value and value != "all":
                value = value if value.isdigit() else None
            elif name in ("date_begin", "date_end") and value:
                try:
                    fields.Datetime.to_datetime(value)
                except ValueError:
                    value = None
            clean[name] = value or None
        if not (clean["date_begin"] and clean["date_end"]):
            clean["date_begin"] = clean["date_end"] = None
        return clean

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        # The close buttons offer what /ticket/close accepts.
        values["closed_stages"] = ticket._get_portal_close_stages()
        return values
