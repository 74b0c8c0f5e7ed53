package nl.zorgbrug.bgz.takeover;

import java.util.LinkedHashSet;
import java.util.Set;

import org.hl7.fhir.dstu3.model.Device;
import org.hl7.fhir.dstu3.model.DeviceUseStatement;
import org.hl7.fhir.dstu3.model.Identifier;
import org.hl7.fhir.dstu3.model.Resource;

/**
 * FO BgZ MSZ, suspected duplicates: a medical device with the same UDI or serial number. The zib MedicalDevice is a
 * DeviceUseStatement; the product (zib MedicalDeviceProduct, a Device) carries the UDI ({@code Device.udi}) and the
 * product's identifiers (its serial number among them).
 */
public final class DeviceByUdiOrSerial implements SuspectedDuplicateRule {
    @Override
    public String name() {
        return "device by UDI or serial number";
    }

    @Override
    public Set<String> keys(Zib zib) {
        Resource r = zib.resource();
        Device device = r instanceof Device d ? d
                : r instanceof DeviceUseStatement s && zib.resolve(s.getDevice()) instanceof Device d ? d : null;
        Set<String> out = new LinkedHashSet<>();
        if (device == null) {
            return out;
        }
        if (device.hasUdi()) {
            if (device.getUdi().hasDeviceIdentifier()) {
                out.add("udi|" + device.getUdi().getDeviceIdentifier());
            }
            if (device.getUdi().hasCarrierHRF()) {
                out.add("udi|" + device.getUdi().getCarrierHRF());
            }
        }
        for (Identifier i : device.getIdentifier()) {
            if (i.hasValue()) {
                out.add("serial|" + (i.hasSystem() ? i.getSystem() : "") + "|" + i.getValue());
            }
        }
        return out;
    }
}
