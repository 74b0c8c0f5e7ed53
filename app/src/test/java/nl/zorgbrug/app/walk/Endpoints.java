package nl.zorgbrug.app.walk;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint the node serves, read from Spring's own handler mappings (so a new controller method is walked
 * without anyone adding it here), and a request to each with sample values for its path variables and required
 * parameters.
 */
public record Endpoints(List<Endpoint> all) {

    /** One method and path pattern of a handler, with what its body must be. */
    public record Endpoint(String method, String pattern, HandlerMethod handler, MediaType consumes) {
        @Override
        public String toString() {
            return method + " " + pattern;
        }

        /**
         * The request, path variables and parameters filled from {@code samples} (a missing one fails the test when
         * it is required, optional ones are sent when there is a sample), the body (or uploaded file) from {@code samples["body:" + pattern]}, by default {@code {}} for JSON.
         */
        public MockHttpServletRequestBuilder request(Map<String, String> samples) {
            Matcher m = Pattern.compile("\\{(\\w+)}").matcher(pattern);
            StringBuilder path = new StringBuilder();
            while (m.find()) {
                String value = samples.get(m.group(1));
                if (value == null) {
                    throw new AssertionError(this + ": no sample value for the path variable {" + m.group(1)
                            + "}; add one to the walk's samples");
                }
                m.appendReplacement(path, Matcher.quoteReplacement(value));
            }
            m.appendTail(path);
            MockHttpServletRequestBuilder b = multipart()
                    ? MockMvcRequestBuilders.multipart(path.toString()).file(new MockMultipartFile("file", "walk.csv",
                    "text/csv", samples.getOrDefault("body:" + pattern, "").getBytes(StandardCharsets.UTF_8)))
                    : MockMvcRequestBuilders.request(org.springframework.http.HttpMethod.valueOf(method), path.toString());
            for (var p : handler.getMethodParameters()) {
                p.initParameterNameDiscovery(new org.springframework.core.DefaultParameterNameDiscoverer());
                RequestParam param = p.getParameterAnnotation(RequestParam.class);
                if (param != null && !MultipartFile.class.equals(p.getParameterType())) {
                    String name = param.name().isEmpty() ? param.value().isEmpty() ? p.getParameterName() : param.value()
                            : param.name();
                    String value = samples.get(name);
                    boolean required = param.required() && param.defaultValue()
                            .equals(org.springframework.web.bind.annotation.ValueConstants.DEFAULT_NONE);
                    if (value == null && !required) {
                        continue;
                    }
                    if (value == null) {
                        throw new AssertionError(this + ": no sample value for the parameter " + name
                                + "; add one to the walk's samples");
                    }
                    b.param(name, value);
                }
            }
            if (consumes != null && !multipart()) {
                b.contentType(consumes).content(samples.getOrDefault("body:" + pattern,
                        MediaType.APPLICATION_JSON.includes(consumes) ? "{}" : ""));
            }
            return b;
        }

        private boolean multipart() {
            return java.util.Arrays.stream(handler.getMethod().getParameterTypes()).anyMatch(MultipartFile.class::equals);
        }
    }

    /** The endpoints of the node's controllers, sorted by path and method. */
    public static Endpoints of(ApplicationContext context) {
        RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        List<Endpoint> out = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = e.getKey();
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            Set<MediaType> consumes = info.getConsumesCondition().getConsumableMediaTypes();
            MediaType body = consumes.isEmpty() ? jsonBody(e.getValue()) : consumes.iterator().next();
            for (String pattern : info.getPatternValues()) {
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    out.add(new Endpoint(method.name(), pattern, e.getValue(), body));
                }
            }
        }
        out.sort(Comparator.comparing(Endpoint::pattern).thenComparing(Endpoint::method));
        return new Endpoints(List.copyOf(out));
    }

    private static MediaType jsonBody(HandlerMethod handler) {
        return java.util.Arrays.stream(handler.getMethodParameters())
                .anyMatch(p -> p.hasParameterAnnotation(org.springframework.web.bind.annotation.RequestBody.class))
                ? MediaType.APPLICATION_JSON : null;
    }
}
