package nl.zorgbrug.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import nl.zorgbrug.gateway.job.Direction;
import nl.zorgbrug.gateway.job.Job;

/** The routes as a whole: found by name, called AE title and job; configurations the node cannot run refused. */
class RouteTableTest {

    private static RouteDefinition route(String name, String ae, Direction direction, String destination,
                                         RouteDefinition.Rule... rules) {
        return new RouteDefinition(name, ae, direction, destination, false, List.of(rules));
    }

    private static RouteTable table(RouteDefinition... definitions) {
        return RouteTable.of(List.of(definitions), d -> List.of());
    }

    private static Job job(Direction direction, String destination) {
        return Job.open("2.25.1", destination, direction, null, null, null, Instant.EPOCH);
    }

    @Test
    void aJobGoesThroughTheRouteSendingItsDirectionToItsDestination() {
        RouteTable routes = table(
                route("export", "ZB_EXPORT", Direction.EXPORT, "umcx",
                        new RouteDefinition.Rule("Modality", "MR", "mmc")),
                route("import-a", "ZB_IMPORT_A", Direction.IMPORT, "pacs-a"),
                route("import-b", "ZB_IMPORT_B", Direction.IMPORT, "pacs-b"));
        assertThat(routes.routeFor(job(Direction.EXPORT, "mmc")).name()).isEqualTo("export");
        assertThat(routes.routeFor(job(Direction.IMPORT, "pacs-b")).name()).isEqualTo("import-b");
        assertThat(routes.routeFor(job(Direction.IMPORT, "pacs-a")).name()).isEqualTo("import-a");
        // A destination no route names (a person sent the study there) goes through the first route of its direction.
        assertThat(routes.routeFor(job(Direction.EXPORT, "elders")).name()).isEqualTo("export");
        assertThat(routes.byCalledAeTitle("ZB_IMPORT_B").map(Route::name)).contains("import-b");
        assertThat(routes.byName("import-a").map(Route::destination)).contains("pacs-a");
        assertThat(routes.importRoutes()).extracting(Route::name).containsExactly("import-a", "import-b");
        assertThatThrownBy(() -> table(route("import", "ZB_IMPORT", Direction.IMPORT, "pacs"))
                .routeFor(job(Direction.EXPORT, "umcx"))).hasMessageContaining("no route for EXPORT to umcx");
    }

    @Test
    void aWrongRuleOrTwoRoutesToOneDestinationAreRefusedWithTheReason() {
        assertThatThrownBy(() -> table(route("export", "ZB_EXPORT", Direction.EXPORT, "umcx",
                new RouteDefinition.Rule("Afdeling", ".*", "x"))))
                .hasMessageStartingWith("routes 'export': ")
                .hasMessageContaining("'Afdeling' is neither a DICOM keyword");
        assertThatThrownBy(() -> table(
                route("a", "ZB_A", Direction.EXPORT, "umcx"),
                route("b", "ZB_B", Direction.EXPORT, "mmc", new RouteDefinition.Rule("Modality", "CT", "umcx"))))
                .hasMessage("routes 'a' and 'b' both send EXPORT to 'umcx'; let one route (with destination rules)"
                        + " serve it");
        // One destination in both directions is fine: a job knows its direction.
        assertThat(table(route("out", "ZB_OUT", Direction.EXPORT, "umcx"),
                route("in", "ZB_IN", Direction.IMPORT, "umcx")).routes()).hasSize(2);
    }

    @Test
    void aNameOrCalledAeTitleUsedTwiceIsRefused() {
        assertThatThrownBy(() -> table(route("a", "ZB_A", Direction.EXPORT, "umcx"),
                route("a", "ZB_B", Direction.IMPORT, "pacs")))
                .hasMessageContaining("two routes are named 'a'");
        assertThatThrownBy(() -> table(route("a", "ZB_A", Direction.EXPORT, "umcx"),
                route("b", "ZB_A", Direction.IMPORT, "pacs")))
                .hasMessageContaining("routes 'a' and 'b' are both called on AE title 'ZB_A'");
    }

    @Test
    void anIssuerIsAssumedOnExportRoutesOnly() {
        RouteDefinition export = new RouteDefinition("export", "ZB_EXPORT", Direction.EXPORT, "umcx", false, List.of(),
                java.util.Set.of("OWNPACS"));
        assertThat(table(export).byName("export")).isPresent();
        assertThatThrownBy(() -> table(new RouteDefinition("import", "ZB_IMPORT", Direction.IMPORT, "pacs", false,
                List.of(), java.util.Set.of("REMOTE"))))
                .hasMessageStartingWith("routes 'import': assume-local-issuer-from is for export routes only");
    }
}
