package nl.zorgbrug.bgz.r4;

import org.hl7.fhir.convertors.factory.VersionConvertorFactory_30_40;
import org.hl7.fhir.r4.model.Device;

/**
 * Device (zib MedicalDeviceProduct) from STU3 to R4 by hand: HAPI's converter (org.hl7.fhir.convertors 6.7.9)
 * refuses Device from R3 to R4. What R4 changed (FHIR R4 Device, "Changes since R3"): the one {@code udi} became the
 * list {@code udiCarrier} (its {@code name} a {@code deviceName} of type udi-label-name), {@code model} became
 * {@code modelNumber}, {@code version} a list of versions. The rest keeps its name and is re-read ({@link Reread}).
 */
final class DeviceR4 {
    private final Reread reread;

    DeviceR4(Reread reread) {
        this.reread = reread;
    }

    Device convert(org.hl7.fhir.dstu3.model.Device source) {
        org.hl7.fhir.dstu3.model.Device copy = source.copy();
        org.hl7.fhir.dstu3.model.Device.DeviceUdiComponent udi = copy.hasUdi() ? copy.getUdi() : null;
        String model = copy.getModel();
        String version = copy.getVersion();
        copy.setUdi(null).setModel(null).setVersion(null);
        Device out = reread.asR4(copy, Device.class);
        if (udi != null) {
            Device.DeviceUdiCarrierComponent carrier = out.addUdiCarrier();
            carrier.setDeviceIdentifier(udi.getDeviceIdentifier()).setJurisdiction(udi.getJurisdiction())
                    .setIssuer(udi.getIssuer()).setCarrierHRF(udi.getCarrierHRF());
            if (udi.hasCarrierAIDC()) {
                carrier.setCarrierAIDC(udi.getCarrierAIDC());
            }
            if (udi.hasEntryType()) {
                carrier.setEntryType(Device.UDIEntryType.fromCode(udi.getEntryType().toCode()));
            }
            udi.getExtension().forEach(e -> carrier.addExtension(
                    (org.hl7.fhir.r4.model.Extension) VersionConvertorFactory_30_40.convertType(e)));
            if (udi.hasName()) {
                out.addDeviceName().setName(udi.getName()).setType(Device.DeviceNameType.UDILABELNAME);
            }
        }
        if (model != null) {
            out.setModelNumber(model);
        }
        if (version != null) {
            out.addVersion().setValue(version);
        }
        return out;
    }
}
