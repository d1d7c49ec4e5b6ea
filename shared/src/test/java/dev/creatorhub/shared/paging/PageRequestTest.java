package dev.creatorhub.shared.paging;

import dev.creatorhub.shared.error.ApiException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageRequestTest {

  @Test
  void aCursorComesBackAsItWentOut() {
    Cursor cursor = new Cursor("2026-12-02T10:00:00Z", "a:b/c");
    assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
    assertThat(cursor.encode()).doesNotContain("=", "/", "+");
  }

  @Test
  void anythingElseIsABadRequest() {
    for (String foreign : List.of("not-ours", "WyJ4Il0", "WzEsMl0", "e30", "")) {
      if (!foreign.isEmpty()) {
        assertThatThrownBy(() -> Cursor.decode(foreign)).as(foreign).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
      }
    }
    assertThatThrownBy(() -> new Cursor("soon", "id").keyAsLong()).isInstanceOf(ApiException.class);
  }

  @Test
  void theLimitIsBoundedAndDefaulted() {
    assertThat(PageRequest.of(new JsonObject(), 20, 100)).isEqualTo(new PageRequest(20, null));
    assertThat(PageRequest.of(null, 20, 100).limit()).isEqualTo(20);
    assertThat(PageRequest.of(new JsonObject().put("limit", 100).put("cursor", ""), 20, 100)).isEqualTo(new PageRequest(100, null));
    for (Object bad : List.of(0, 101, -5, "ten")) {
      assertThatThrownBy(() -> PageRequest.of(new JsonObject().put("limit", bad), 20, 100)).as("limit %s", bad)
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
  }

  @Test
  void aSliceKeepsThePageAndPointsAtItsLastItem() {
    PageRequest page = new PageRequest(2, null);
    assertThat(page.fetch()).isEqualTo(3);
    PageRequest.Slice<String> more = page.slice(List.of("a", "b", "c"), s -> new Cursor(s, s));
    assertThat(more.items()).containsExactly("a", "b");
    assertThat(more.next()).isEqualTo(new Cursor("b", "b"));
    PageRequest.Slice<String> last = page.slice(List.of("a", "b"), s -> new Cursor(s, s));
    assertThat(last.next()).isNull();
    assertThat(last.toJson(s -> s).getValue("nextCursor")).isNull();
    assertThat(more.toJson(s -> s.toUpperCase()).getJsonArray("items").getList()).containsExactly("A", "B");
  }
}
