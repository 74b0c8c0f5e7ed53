package nl.zorgbrug.bgz.testscript;

import java.net.URI;

import ca.uhn.fhir.rest.server.RestfulServer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * The BgZ servlets in an embedded Tomcat on a free loopback port, at {@code /fhir/stu3/*} and (when given)
 * {@code /fhir/r4/*}, as the node registers them.
 */
public final class Stu3Endpoint implements AutoCloseable {
    private final Tomcat tomcat;
    private final URI base;
    private final URI r4Base;

    public Stu3Endpoint(RestfulServer servlet, java.nio.file.Path workDir) throws LifecycleException {
        this(servlet, null, workDir);
    }

    public Stu3Endpoint(RestfulServer servlet, RestfulServer r4, java.nio.file.Path workDir) throws LifecycleException {
        this(servlet, r4, null, workDir);
    }

    /**
     * With the consent flow's token endpoint ({@code token}, when given) at {@code /fhir/stu3/token} and
     * {@code /fhir/r4/token}, as the node registers it: an exact servlet mapping, which outranks the FHIR servlets'
     * path mappings (Jakarta Servlet 6.0, 12.2).
     */
    public Stu3Endpoint(RestfulServer servlet, RestfulServer r4, jakarta.servlet.http.HttpServlet token,
                        java.nio.file.Path workDir) throws LifecycleException {
        tomcat = new Tomcat();
        tomcat.setBaseDir(workDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", workDir.toString());
        Wrapper w = Tomcat.addServlet(context, "fhir-stu3", servlet);
        w.setLoadOnStartup(1);
        context.addServletMappingDecoded("/fhir/stu3/*", "fhir-stu3");
        if (r4 != null) {
            Tomcat.addServlet(context, "fhir-r4", r4).setLoadOnStartup(1);
            context.addServletMappingDecoded("/fhir/r4/*", "fhir-r4");
        }
        if (token != null) {
            Tomcat.addServlet(context, "bgz-token", token);
            context.addServletMappingDecoded("/fhir/stu3/token", "bgz-token");
            context.addServletMappingDecoded("/fhir/r4/token", "bgz-token");
        }
        tomcat.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/fhir/stu3");
        r4Base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/fhir/r4");
    }

    /** The consent flow's token endpoint (only served when a token servlet was given). */
    public URI tokenEndpoint() {
        return URI.create(base + "/token");
    }

    public URI base() {
        return base;
    }

    /** The R4 endpoint's base (only served when an R4 servlet was given). */
    public URI r4Base() {
        return r4Base;
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }
}
