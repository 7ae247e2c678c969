/* Copyright 2026 Association Réclamations Éthiques
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("reclamation_portal_follow_complaint", {
    url: "/my/complaints",
    steps: () => [
        {
            content: "Open my complaint",
            trigger: "a:contains('Late refund of my membership fee')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The step of my complaint is explained in plain words",
            trigger:
                "#complaint_status .alert:contains('We are examining your complaint')",
        },
        {
            content: "Open the charter my complaint is handled under",
            trigger: "a.o_reclamation_complaint_charter:contains('version 2.0')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The charter text is shown",
            trigger: ".o_reclamation_charter_text:contains('Listening and respect')",
        },
    ],
});
