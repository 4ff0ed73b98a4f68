package com.omedaphonesync.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.omedaphonesync.records.IdRequest;

/** The one id parser of SPEC.md section 4, fed bytes (as a file or message arrives) or text. */
class IdReaderTest {
    private static final String SOURCE = "file:ids.txt";
    private static final String BRAND = "FOO";

    private static List<IdRequest> read(byte[] bytes) {
        List<IdRequest> ids = new ArrayList<>();
        try (IdReader reader = IdReader.of(new ByteArrayInputStream(bytes), SOURCE, BRAND)) {
            reader.forEachRemaining(ids::add);
        }
        return ids;
    }

    private static List<IdRequest> read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> idsOf(String text) {
        return read(text).stream().map(IdRequest::customerId).toList();
    }

    private static IdRequest only(String text) {
        List<IdRequest> ids = read(text);
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    // --- lines ---

    @Test
    void readsOneIdPerLineWithTheDefaultBrandAndTheSource() {
        assertThat(read("12345\n8845A1234B\n"))
                .containsExactly(new IdRequest("12345", BRAND, SOURCE), new IdRequest("8845A1234B", BRAND, SOURCE));
    }

    @Test
    void toleratesAUtf8ByteOrderMark() {
        byte[] bom = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
        byte[] text = "12345\n67890\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, withBom, 0, bom.length);
        System.arraycopy(text, 0, withBom, bom.length, text.length);

        assertThat(read(withBom)).extracting(IdRequest::customerId).containsExactly("12345", "67890");
    }

    @Test
    void toleratesAByteOrderMarkBeforeACsvHeader() {
        assertThat(idsOf("\uFEFFcustomerId,brand\n12345,BAR\n")).containsExactly("12345");
    }

    @Test
    void readsLfAndCrlfLineEndsAndALastLineWithoutOne() {
        assertThat(idsOf("111\r\n222\n333\r\n444")).containsExactly("111", "222", "333", "444");
    }

    @Test
    void skipsBlankLinesAndCommentLines() {
        assertThat(idsOf("\n# a comment\n111\n   \n\t\n  # an indented comment\r\n\r\n222\n#333\n"))
                .containsExactly("111", "222");
    }

    @Test
    void trimsSurroundingWhiteSpace() {
        assertThat(idsOf("  111  \n\t222\t\r\n 333 , extra\n")).containsExactly("111", "222", "333");
    }

    @Test
    void withoutAHeaderTheFirstCommaSeparatedFieldIsTheIdAndTheBrandIsTheDefault() {
        assertThat(read("111,BAR,whatever\n222,,\n"))
                .extracting(IdRequest::customerId, IdRequest::brand)
                .containsExactly(tuple("111", BRAND), tuple("222", BRAND));
    }

    @Test
    void readsQuotedFieldsWithoutAHeader() {
        assertThat(idsOf("\"111\",x\n  \"222\"  ,y\n")).containsExactly("111", "222");
    }

    @Test
    void returnsDuplicatesForThePipelineToSkip() {
        assertThat(idsOf("111\n111\n222\n111\n")).containsExactly("111", "111", "222", "111");
    }

    @Test
    void emptyInputHasNoIds() {
        assertThat(read("")).isEmpty();
        assertThat(read("\n\n# only comments\n")).isEmpty();
    }

    // --- CSV with a header ---

    @ParameterizedTest
    @ValueSource(strings = { "customerId", "customer_id", "id", "CUSTOMERID", "Customer_Id", "ID", "CustomerID" })
    void aHeaderNamesTheIdColumnInAnyCase(String column) {
        List<IdRequest> ids = read("name," + column + ",city\nAcme,12345,Chicago\nBeta,67890,Denver\n");

        assertThat(ids).extracting(IdRequest::customerId).containsExactly("12345", "67890");
    }

    @Test
    void theHeaderIsTheFirstKeptLineAfterBlankLinesAndComments() {
        assertThat(idsOf("# exported from the CRM\n\n  x , customerId \n a , 12345 \n")).containsExactly("12345");
    }

    @Test
    void aBrandColumnInAnyCaseOverridesTheDefaultBrandWhenNotEmpty() {
        List<IdRequest> ids = read("Customer_Id,BRAND\n111,BAR\n222,\n333,  \n444\n555,\"Baz\"\n");

        assertThat(ids).extracting(IdRequest::customerId, IdRequest::brand).containsExactly(
                tuple("111", "BAR"), tuple("222", BRAND), tuple("333", BRAND), tuple("444", BRAND),
                tuple("555", "Baz"));
    }

    @Test
    void quotedHeaderAndFieldsFollowRfc4180() {
        String csv = "\"note\",\"customerId\",\"brand\"\r\n"
                + "\"Smith, John\",\"12345\",\"BAR\"\r\n"
                + "\"He said \"\"hi\"\", twice\",67890,\r\n"
                + "plain,\"8845A1234B\",\"QUX\"\r\n";

        assertThat(read(csv)).extracting(IdRequest::customerId, IdRequest::brand).containsExactly(
                tuple("12345", "BAR"), tuple("67890", BRAND), tuple("8845A1234B", "QUX"));
    }

    @Test
    void aQuotedIdKeepsCommasAndDoubledQuotesAndIsThenInvalid() {
        List<IdRequest> ids = read("customerId,brand\n\"12,34\",BAR\n\"12\"\"34\",BAR\n");

        assertThat(ids).extracting(IdRequest::customerId).containsExactly("12,34", "12\"34");
        assertThat(ids).noneMatch(IdRequest::isValid);
    }

    @Test
    void aHeaderWithoutAnIdColumnIsReadAsData() {
        assertThat(idsOf("name,brand\n12345,BAR\n")).containsExactly("name", "12345");
    }

    @Test
    void aRowWithoutTheIdColumnGivesAnEmptyInvalidId() {
        IdRequest request = only("brand,customerId\nBAR\n");

        assertThat(request.customerId()).isEmpty();
        assertThat(request.isValid()).isFalse();
    }

    // --- JSON ---

    @Test
    void readsOneJsonObject() {
        assertThat(read("{\"customerId\": \"12345\", \"brand\": \"BAR\"}"))
                .containsExactly(new IdRequest("12345", "BAR", SOURCE));
    }

    @Test
    void aJsonObjectWithoutBrandUsesTheDefaultBrand() {
        assertThat(read("  {\"customerId\": \"12345\"}\n")).containsExactly(new IdRequest("12345", BRAND, SOURCE));
    }

    @Test
    void readsAJsonArrayOfObjectsInOrder() {
        String json = "[{\"customerId\": \"111\", \"brand\": \"BAR\"},\n {\"customerId\": \"222\"},\n"
                + " {\"customerId\": \"333\", \"brand\": \"\"}]";

        assertThat(read(json)).extracting(IdRequest::customerId, IdRequest::brand)
                .containsExactly(tuple("111", "BAR"), tuple("222", BRAND), tuple("333", BRAND));
    }

    @Test
    void readsNumbersAsIds() {
        assertThat(read("[{\"customerId\": 12345, \"brand\": \"BAR\"}, 67890]"))
                .extracting(IdRequest::customerId, IdRequest::brand)
                .containsExactly(tuple("12345", "BAR"), tuple("67890", BRAND));
    }

    @Test
    void aJsonObjectAfterAByteOrderMarkIsRead() {
        assertThat(idsOf("\uFEFF{\"customerId\": \"12345\"}")).containsExactly("12345");
    }

    @Test
    void jsonReadFromAStringBodyIsTheSameAsFromBytes() {
        List<IdRequest> ids = new ArrayList<>();
        try (IdReader reader = IdReader.of(new StringReader("[{\"customerId\":\"1\"},{\"customerId\":\"2\"}]"),
                "queue", BRAND)) {
            reader.forEachRemaining(ids::add);
        }
        assertThat(ids).containsExactly(new IdRequest("1", BRAND, "queue"), new IdRequest("2", BRAND, "queue"));
    }

    @Test
    void malformedJsonYieldsOneInvalidIdHoldingTheInputAsRead() {
        String input = "{\"customerId\": \"12345\", \"brand\": ";

        IdRequest request = only(input);

        assertThat(request.customerId()).isEqualTo(input.strip());
        assertThat(request.isValid()).isFalse();
    }

    @Test
    void aJsonObjectWithoutAnIdIsAnInvalidId() {
        IdRequest request = only("{\"name\": \"Smith\"}");

        assertThat(request.customerId()).contains("Smith");
        assertThat(request.isValid()).isFalse();
    }

    @Test
    void aJsonNullIdIsAnInvalidIdNotTheCustomerNamedNull() {
        List<IdRequest> ids = read("[{\"customerId\": null}, null]");

        assertThat(ids).hasSize(2).noneMatch(IdRequest::isValid);
    }

    // --- damaged and oversized input ---

    @Test
    void invalidUtf8BytesBecomeReplacementCharactersAndAnInvalidId() {
        byte[] bytes = { '1', '2', (byte) 0xFF, '3', '4', '\n', '5', '6', '\n' };

        List<IdRequest> ids = read(bytes);

        assertThat(ids).extracting(IdRequest::customerId).containsExactly("12\uFFFD34", "56");
        assertThat(ids.get(0).isValid()).isFalse();
        assertThat(ids.get(1).isValid()).isTrue();
    }

    @Test
    void aLineLongerThan64KCharactersIsCutToAThousandCharactersAndTheNextLineIsStillRead() {
        String huge = "a".repeat(100_000);

        List<IdRequest> ids = read(huge + "\n12345\n");

        assertThat(ids).hasSize(2);
        assertThat(ids.get(0).customerId()).isEqualTo("a".repeat(1000));
        assertThat(ids.get(0).isValid()).isFalse();
        assertThat(ids.get(1).customerId()).isEqualTo("12345");
    }

    @Test
    void anIdLongerThanAThousandCharactersIsCutToAThousand() {
        String longId = "b".repeat(1500);

        IdRequest request = only("customerId\n" + longId + "\n");

        assertThat(request.customerId()).isEqualTo("b".repeat(1000));
        assertThat(request.isValid()).isFalse();
    }

    @Test
    void aLongJsonIdIsCutToAThousandCharacters() {
        IdRequest request = only("{\"customerId\": \"" + "c".repeat(5000) + "\"}");

        assertThat(request.customerId()).hasSize(1000);
    }

    @Test
    void malformedJsonLongerThanAThousandCharactersIsCutToAThousand() {
        String input = "[{\"customerId\": \"" + "d".repeat(5000);

        IdRequest request = only(input);

        assertThat(request.customerId()).isEqualTo(input.substring(0, 1000));
    }

    @Test
    void readsAManyLineFileAcrossBufferBoundaries() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < 20_000; i++) {
            bytes.writeBytes(("ID" + i + (i % 2 == 0 ? "\r\n" : "\n")).getBytes(StandardCharsets.UTF_8));
        }

        List<IdRequest> ids = read(bytes.toByteArray());

        assertThat(ids).hasSize(20_000);
        assertThat(ids.get(0).customerId()).isEqualTo("ID0");
        assertThat(ids.get(19_999).customerId()).isEqualTo("ID19999");
        assertThat(ids).allMatch(IdRequest::isValid);
    }

    // --- validity ---

    @ParameterizedTest
    @ValueSource(strings = { "1", "12345", "8845A1234B", "abcXYZ09",
            "1234567890123456789012345678901234567890123456789012345678901234" })
    void validIdsAreOneToSixtyFourAsciiLettersAndDigits(String id) {
        IdRequest request = only(id + "\n");

        assertThat(request.customerId()).isEqualTo(id);
        assertThat(request.isValid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "12345678901234567890123456789012345678901234567890123456789012345", // 65 characters
            "not-an-id!", "123.45", "12_34", "12 34", "12\t34", "../../admin", "..%2F..%2Fadmin", "%2F", "123?x=1",
            "123/456", "12\\34", "12;34", "caf\u00e9", "\u00c4BC", "\u0661\u0662\u0663", "\uFF11\uFF12", "\u03b1\u03b2" })
    void everyOtherIdIsReadBackAsInvalid(String id) {
        IdRequest request = only(id + "\n");

        assertThat(request.customerId()).isEqualTo(id);
        assertThat(request.isValid()).isFalse();
    }

    @Test
    void anEmptyFirstFieldIsAnInvalidId() {
        IdRequest request = only(",BAR\n");

        assertThat(request.customerId()).isEmpty();
        assertThat(request.isValid()).isFalse();
    }

    @Test
    void aHashInsideACsvFieldIsPartOfTheIdNotAComment() {
        IdRequest request = only("customerId,brand\n\"12#34\",BAR\n");

        assertThat(request.customerId()).isEqualTo("12#34");
        assertThat(request.isValid()).isFalse();
    }

    @Test
    void aNulCharacterMakesTheIdInvalid() {
        IdRequest request = only("12\u000034\n");

        assertThat(request.customerId()).isEqualTo("12\u000034");
        assertThat(request.isValid()).isFalse();
    }

    @Test
    void anInvalidBrandColumnValueMakesTheRequestInvalid() {
        IdRequest request = only("customerId,brand\n12345,../x\n");

        assertThat(request.brand()).isEqualTo("../x");
        assertThat(request.isValid()).isFalse();
    }
}
