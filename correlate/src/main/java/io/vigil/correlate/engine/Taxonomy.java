package io.vigil.correlate.engine;

/**
 * OSSIM's taxonomy of an event, by ids, for rules that choose events by {@code product},
 * {@code category} and {@code subcategory} instead of plugin_id. As in OSSIM, the product type
 * belongs to the plugin and the category and subcategory to the plugin_sid row; the content's
 * SQL tables provide them. A null answer means the content does not say, and then a rule that
 * asks for that part of the taxonomy does not match.
 */
public interface Taxonomy {

    /** The product type id of a plugin ({@code UPDATE plugin SET product_type = ...}), or null. */
    Integer productType(int pluginId);

    /** The category id of a plugin_sid row, or null. */
    Integer category(int pluginId, int sid);

    /** The subcategory id of a plugin_sid row, or null. */
    Integer subcategory(int pluginId, int sid);

    /** No taxonomy content: rules that match by taxonomy match nothing. */
    Taxonomy NONE = new Taxonomy() {
        @Override
        public Integer productType(int pluginId) {
            return null;
        }

        @Override
        public Integer category(int pluginId, int sid) {
            return null;
        }

        @Override
        public Integer subcategory(int pluginId, int sid) {
            return null;
        }
    };
}
