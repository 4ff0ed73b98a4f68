package com.omedaphonesync.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.omedaphonesync.records.IdRequest;
import com.omedaphonesync.support.HostileLines;

/**
 * The URL path of a lookup (issue 3, item 6), for seeded random brands and ids: the documented path with the
 * brand and id as they are, or no path at all. Nothing a source delivers can steer a request elsewhere.
 */
class RequestPathTest {
    private static final String BASE = "https://ows.omedastaging.com";

    @Test
    void randomBrandsAndIdsGiveTheDocumentedPathOrNone() {
        HostileLines hostile = new HostileLines(21);
        Random random = new Random(22);
        int valid = 0;
        for (int run = 0; run < 20_000; run++) {
            String id = hostile.line();
            String brand = random.nextInt(4) == 0 ? hostile.line() : "TEST" + (random.nextBoolean() ? "" : "_b-2");
            IdRequest request = new IdRequest(id, brand, "queue");
            if (request.isValid()) {
                valid++;
                String path = OmedaRequests.path(request);
                assertThat(path).isEqualTo("/webservices/rest/brand/" + brand + "/customer/" + id + "/phone/*");
                URI uri = URI.create(BASE + path);
                assertThat(uri.getRawPath()).isEqualTo(path);
                assertThat(uri.normalize().getRawPath()).isEqualTo(path);
                assertThat(uri.getRawQuery()).isNull();
                assertThat(uri.getRawFragment()).isNull();
            } else {
                assertThatThrownBy(() -> OmedaRequests.path(request)).as("%s / %s", brand, id)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
        // the dice produced both kinds, or the test proves less than it claims
        assertThat(valid).isBetween(1_000, 19_000);
    }

    @Test
    void everyCharacterOutsideTheValidSetMakesAnIdInvalid() {
        for (char c = 0; c < 0x3000; c++) {
            boolean alnum = c < 128 && Character.isLetterOrDigit(c);
            assertThat(new IdRequest("12" + c + "34", "TEST", "queue").isValid()).as("U+%04X", (int) c)
                    .isEqualTo(alnum);
            assertThat(new IdRequest("1234", "TE" + c + "ST", "queue").isValid()).as("brand U+%04X", (int) c)
                    .isEqualTo(alnum || c == '_' || c == '-');
        }
    }
}
