package io.vigil.normalize.ossim;

/**
 * Where the agent's {@code geoip_get*()} functions look an address up (the agent opens
 * GeoLiteCity.dat). Fields are the agent's: city, country_code, country_code3, country_name,
 * dma_code, latitude, longitude, metro_code, postal_code, region, region_name, time_zone.
 * {@link #none()} answers "" for everything, as the agent does without a database.
 */
@FunctionalInterface
public interface FieldGeoLookup {

    /** The field of the address's record, or "" when unknown. */
    String field(String address, String field);

    static FieldGeoLookup none() {
        return (address, field) -> "";
    }
}
