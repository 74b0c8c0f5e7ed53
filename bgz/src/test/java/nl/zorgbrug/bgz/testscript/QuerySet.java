package nl.zorgbrug.bgz.testscript;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The BgZ query set as a Nictiz serving TestScript asks it (BgZ MSZ 2.0): each search's resource type, its
 * parameters as written (with {@code ?} or {@code /$lastn?}) and the bearer token it sends. Lets other tests ask the
 * very same queries, e.g. of the R4 endpoint.
 */
public final class QuerySet {
    /** One search of the set. */
    public record Query(String resource, String params, String authorization) {
    }

    private QuerySet() {
    }

    public static List<Query> of(Path servingScript) throws IOException {
        Script script = Script.read(servingScript);
        List<Query> out = new ArrayList<>();
        for (Script.Test t : script.tests()) {
            for (Script.Action a : t.actions()) {
                Script.Operation op = a.operation();
                if (op == null || !"search".equals(op.type())) {
                    continue;
                }
                String auth = op.headers().stream().filter(h -> h.field().equalsIgnoreCase("Authorization"))
                        .map(Script.Header::value).findFirst().orElse(null);
                if (auth != null && auth.startsWith("${")) {
                    String name = auth.substring(2, auth.length() - 1);
                    auth = script.variables().stream().filter(v -> v.name().equals(name))
                            .map(Script.Variable::defaultValue).findFirst().orElseThrow(() ->
                                    new IllegalStateException(servingScript + " names the undeclared variable " + name));
                }
                out.add(new Query(op.resource(), op.params(), auth));
            }
        }
        return out;
    }
}
