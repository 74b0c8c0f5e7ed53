package nl.zorgbrug.app.audit;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import nl.zorgbrug.app.access.PatientData;
import nl.zorgbrug.audit.event.Outcome;

/**
 * The list's audit event before a response body is written (issue 17): for a REST list or search
 * ({@link PatientData#listsPatients()}) the interceptor's {@code postHandle} comes after the body was written, so
 * the event is written here, between the handler and the body, naming the patients the handler named.
 */
@ControllerAdvice
public final class ShownPatientsBodyAdvice implements ResponseBodyAdvice<Object> {
    private final PatientDataAuditor auditor;

    ShownPatientsBodyAdvice(PatientDataAuditor auditor) {
        this.auditor = auditor;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        PatientData declared = returnType.getMethodAnnotation(PatientData.class);
        return declared != null && declared.listsPatients();
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (request instanceof ServletServerHttpRequest servlet) {
            auditor.recordShown(servlet.getServletRequest(), returnType.getMethodAnnotation(PatientData.class),
                    Outcome.SUCCESS);
        }
        return body;
    }
}
