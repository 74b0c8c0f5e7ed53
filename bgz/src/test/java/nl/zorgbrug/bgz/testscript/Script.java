package nl.zorgbrug.bgz.testscript;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A FHIR TestScript as the Nictiz serving scripts use it, read straight from its XML. Not through HAPI's STU3 model:
 * the built scripts carry {@code stopTestOnFail} (a later TestScript element that the STU3 parser would drop), and
 * the runner must honour every element they state.
 */
public record Script(String id, Path file, Map<String, String> fixtures, List<Variable> variables, Map<String, String> profiles,
              List<Action> setup, List<Test> tests) {

    record Variable(String name, String defaultValue, String expression, String sourceId) {
    }

    record Header(String field, String value) {
    }

    record Operation(String type, String resource, String accept, String contentType, String params,
                     List<Header> headers, String responseId, String sourceId, boolean encodeRequestUrl,
                     String description) {
    }

    record Assert(String label, String description, String direction, String expression, String operator,
                  String value, String resource, String responseCode, String validateProfileId, String ruleId,
                  boolean stopTestOnFail, boolean warningOnly) {
    }

    /** One action: an operation or an assert. */
    record Action(Operation operation, Assert assertion) {
    }

    record Test(String id, String name, List<Action> actions) {
    }

    public static Script read(Path file) throws IOException {
        Document doc;
        try (InputStream in = Files.newInputStream(file)) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = f.newDocumentBuilder().parse(in);
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IOException(file + " is not a readable TestScript: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        Map<String, String> fixtures = new LinkedHashMap<>();
        for (Element fx : children(root, "fixture")) {
            Element res = child(fx, "resource");
            fixtures.put(fx.getAttribute("id"), res == null ? null : value(res, "reference"));
        }
        List<Variable> variables = new ArrayList<>();
        for (Element v : children(root, "variable")) {
            variables.add(new Variable(value(v, "name"), value(v, "defaultValue"), value(v, "expression"),
                    value(v, "sourceId")));
        }
        Map<String, String> profiles = new LinkedHashMap<>();
        for (Element p : children(root, "profile")) {
            profiles.put(p.getAttribute("id"), p.getAttribute("value"));
        }
        Element setup = child(root, "setup");
        List<Action> setupActions = setup == null ? List.of() : actions(setup);
        List<Test> tests = new ArrayList<>();
        for (Element t : children(root, "test")) {
            tests.add(new Test(t.getAttribute("id"), value(t, "name"), actions(t)));
        }
        return new Script(value(root, "id"), file, fixtures, variables, profiles, setupActions, tests);
    }

    private static List<Action> actions(Element parent) {
        List<Action> out = new ArrayList<>();
        for (Element a : children(parent, "action")) {
            Element op = child(a, "operation");
            Element as = child(a, "assert");
            if (op != null) {
                List<Header> headers = new ArrayList<>();
                for (Element h : children(op, "requestHeader")) {
                    headers.add(new Header(value(h, "field"), value(h, "value")));
                }
                Element type = child(op, "type");
                out.add(new Action(new Operation(type == null ? null : value(type, "code"), value(op, "resource"),
                        value(op, "accept"), value(op, "contentType"), value(op, "params"), headers,
                        value(op, "responseId"), value(op, "sourceId"), !"false".equals(value(op, "encodeRequestUrl")),
                        value(op, "description")), null));
            } else if (as != null) {
                String rule = null;
                for (Element ext : children(as, "extension")) {
                    for (Element inner : children(ext, "extension")) {
                        if ("ruleId".equals(inner.getAttribute("url"))) {
                            rule = value(inner, "valueId");
                        }
                    }
                }
                out.add(new Action(null, new Assert(value(as, "label"), value(as, "description"),
                        value(as, "direction"), value(as, "expression"), value(as, "operator"), value(as, "value"),
                        value(as, "resource"), value(as, "responseCode"), value(as, "validateProfileId"), rule,
                        "true".equals(value(as, "stopTestOnFail")), "true".equals(value(as, "warningOnly")))));
            }
        }
        return out;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.get(0);
    }

    private static String value(Element parent, String name) {
        Element c = child(parent, name);
        return c == null || !c.hasAttribute("value") ? null : c.getAttribute("value");
    }
}
