/* Copyright 2026 Association Réclamations Éthiques
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { registry } from "@web/core/registry";

// The desk's side of a decision (tests/test_decision_backend_tours.py opens
// the complaint's form and checks the database afterwards): a handler records
// a partial rejection with the decision wizard and sends it; after the
// customer's appeal, a second handler decides the appeal the same way.

function recordDecision({ outcome, remedy, rationale, appeal, rootCause }) {
    return [
        {
            content: "Open the decision wizard",
            trigger: ".o_form_view button[name='action_open_resolution_wizard']",
            run: "click",
        },
        ...(appeal
            ? [
                  {
                      content: "The wizard says it is the decision on the appeal",
                      trigger:
                          ".modal .alert-info:contains('decision on the customer\\'s appeal')",
                  },
              ]
            : []),
        {
            content: "Choose the outcome",
            trigger: ".modal div[name='outcome'] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: `The outcome is ${outcome}`,
            trigger: `.o_select_menu_menu .o_select_menu_item:contains('${outcome}')`,
            run: "click",
        },
        {
            // The choice is applied (and its onchange answered) before typing
            // on: a step that moves on earlier types into a form whose outcome
            // is still empty.
            content: `The outcome field shows ${outcome}`,
            trigger: `.modal div[name='outcome'] input:value('${outcome}')`,
        },
        {
            content: "Write the remedy",
            trigger: ".modal div[name='remedy_granted'] textarea",
            run: `edit ${remedy}`,
        },
        {
            content: "Write the reasons",
            trigger: ".modal div[name='rationale'] textarea",
            run: `edit ${rationale}`,
        },
        {
            content: "The remedy and the reasons are kept",
            trigger: `.modal div[name='remedy_granted'] textarea:value('${remedy}')`,
        },
        ...(rootCause
            ? [
                  {
                      content: "Say why the complaint arose (it closes)",
                      trigger: ".modal div[name='root_cause_id'] input",
                      run: `edit ${rootCause}`,
                  },
                  {
                      content: `The root cause is ${rootCause}`,
                      trigger: `.o-autocomplete--dropdown-item .dropdown-item:contains('${rootCause}')`,
                      run: "click",
                  },
                  {
                      content: `The root cause field shows ${rootCause}`,
                      trigger: `.modal div[name='root_cause_id'] input:value('${rootCause}')`,
                  },
              ]
            : []),
        {
            content: "Send the decision",
            trigger: ".modal footer button[name='action_send']",
            run: "click",
        },
        {
            content: "Confirm: the decision is sent and locked",
            trigger:
                ".modal:contains('will be sent to the customer') footer .btn-primary",
            run: "click",
        },
        {
            content: "The wizard is closed",
            trigger: "body:not(:has(.modal))",
        },
    ];
}

registry.category("web_tour.tours").add("reclamation_decision_backend_send", {
    steps: () => [
        ...recordDecision({
            outcome: "Partly upheld",
            remedy: "We refund half of the March fee on the backend tour.",
            rationale:
                "The fee was charged twice on the backend tour, but the late " +
                "fee was due.",
            appeal: false,
            rootCause: "Billing error",
        }),
        {
            content: "The complaint counts one decision",
            trigger:
                ".o_form_view button[name='action_view_resolutions'] .o_stat_value:contains('1')",
        },
    ],
});

registry.category("web_tour.tours").add("reclamation_decision_backend_appeal", {
    steps: () => [
        ...recordDecision({
            outcome: "Upheld",
            remedy: "We refund the whole March fee on the backend tour.",
            rationale:
                "On appeal: the late fee was not due either, as the receipt shows.",
            appeal: true,
        }),
        {
            content: "The complaint counts two decisions",
            trigger:
                ".o_form_view button[name='action_view_resolutions'] .o_stat_value:contains('2')",
        },
    ],
});
