package nl.zorgbrug.app.console;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import nl.zorgbrug.app.gateway.GatewayProperties;
import nl.zorgbrug.bsn.mpi.MpiStore;
import nl.zorgbrug.dicom.net.assoc.Acceptor;
import nl.zorgbrug.gateway.job.JobRepository;
import nl.zorgbrug.gateway.job.JobState;
import nl.zorgbrug.gateway.quarantine.QuarantineRepository;
import nl.zorgbrug.gateway.route.RouteTable;
import nl.zorgbrug.gateway.spool.Spool;

/**
 * The console's health page (what an administrator checks first). Counts come from the domain's ports (jobs,
 * quarantine, MPI), never from SQL of its own, so every read of the node's data passes through the domain.
 */
@Controller
public class StatusPage {
    private final HealthEndpoint health;
    private final Acceptor dicom;
    private final GatewayProperties gateway;
    private final RouteTable routes;
    private final Spool spool;
    private final JobRepository jobs;
    private final QuarantineRepository quarantine;
    private final MpiStore mpi;
    private final DataSource database;

    public StatusPage(HealthEndpoint health, Acceptor dicom, GatewayProperties gateway, RouteTable routes, Spool spool,
                      JobRepository jobs, QuarantineRepository quarantine, MpiStore mpi, DataSource database) {
        this.health = health;
        this.dicom = dicom;
        this.gateway = gateway;
        this.routes = routes;
        this.spool = spool;
        this.jobs = jobs;
        this.quarantine = quarantine;
        this.mpi = mpi;
        this.database = database;
    }

    @nl.zorgbrug.app.access.NotPatientData("counts, disk space and routes; no patient")
    @GetMapping("/status")
    public String status(Model model) throws IOException, SQLException {
        model.addAttribute("health", health.health().getStatus().getCode());
        model.addAttribute("dicom", gateway.bind() + ":" + dicom.port());
        model.addAttribute("openAssociations", dicom.openConnections());
        model.addAttribute("routes", routes.routes());
        var store = Files.getFileStore(spool.root());
        model.addAttribute("spool", spool.root().toAbsolutePath());
        model.addAttribute("spoolFreeGb", String.format("%.1f", store.getUsableSpace() / 1e9));
        Map<String, Long> jobCounts = new LinkedHashMap<>();
        for (JobState s : JobState.values()) {
            jobCounts.put(s.name(), jobs.count(s));
        }
        model.addAttribute("jobs", jobCounts);
        model.addAttribute("quarantined", quarantine.countOpen());
        model.addAttribute("mpiPatients", mpi.count());
        try (Connection c = database.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            model.addAttribute("database", meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion());
        }
        return "status";
    }
}
