/* Unit tests: src/zoom/webhook.c (expected MACs from Python's hmac). */
#include "autoconf.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "zoom/webhook.h"

#define SECRET	"whsec_test"
#define TS	"1700000000"
#define NOW	1700000000LL
#define BODY	"{\"event\":\"meeting.started\",\"payload\":{\"object\":" \
		"{\"id\":\"85012345678\"}}}"
#define SIG	"v0=31f1878335bd211bd4443e3c041b3bc9c08c6fdca210e0756de4a2d3a491d822"

static struct arena	 a;

static void
setup(void)
{
	arena_init(&a, 1 << 20);
}

static void
teardown(void)
{
	arena_free(&a);
}

static enum zoom_sig
verify(const char *secret, const char *ts, const char *sig, const char *body,
    int64_t now)
{
	return zoom_webhook_verify(&a, secret, ts, sig, body,
	    body ? strlen(body) : 0, now);
}

START_TEST(good_signature)
{
	ck_assert_int_eq(verify(SECRET, TS, SIG, BODY, NOW), ZOOM_SIG_OK);
	/* Within five minutes either way. */
	ck_assert_int_eq(verify(SECRET, TS, SIG, BODY, NOW + 300), ZOOM_SIG_OK);
	ck_assert_int_eq(verify(SECRET, TS, SIG, BODY, NOW - 300), ZOOM_SIG_OK);
	/* An empty body is signed too. */
	ck_assert_int_eq(verify(SECRET, TS, "v0=e604a45b401f3e40b01c58f76f57829c"
	    "746ca97ff11903b26cc1497466d4dd9b", NULL, NOW), ZOOM_SIG_OK);
}
END_TEST

START_TEST(bad_signature)
{
	char	 sig[] = SIG;

	/* One changed character of the MAC, body, timestamp or secret. */
	sig[10] = sig[10] == 'a' ? 'b' : 'a';
	ck_assert_int_eq(verify(SECRET, TS, sig, BODY, NOW), ZOOM_SIG_BAD);
	ck_assert_int_eq(verify(SECRET, TS, SIG, BODY " ", NOW), ZOOM_SIG_BAD);
	ck_assert_int_eq(verify(SECRET, "1700000001", SIG, BODY, NOW), ZOOM_SIG_BAD);
	ck_assert_int_eq(verify("whsec_tesT", TS, SIG, BODY, NOW), ZOOM_SIG_BAD);
	/* Wrong prefix, upper-case hex, truncated, longer. */
	ck_assert_int_eq(verify(SECRET, TS, "v1=31f1878335bd211bd4443e3c041b3bc9"
	    "c08c6fdca210e0756de4a2d3a491d822", BODY, NOW), ZOOM_SIG_BAD);
	ck_assert_int_eq(verify(SECRET, TS, "v0=31F1878335BD211BD4443E3C041B3BC9"
	    "C08C6FDCA210E0756DE4A2D3A491D822", BODY, NOW), ZOOM_SIG_BAD);
	ck_assert_int_eq(verify(SECRET, TS, "v0=31f1878335bd", BODY, NOW),
	    ZOOM_SIG_BAD);
	ck_assert_int_eq(verify(SECRET, TS, SIG "00", BODY, NOW), ZOOM_SIG_BAD);
	ck_assert_int_eq(verify(SECRET, TS, "31f1878335bd211bd4443e3c041b3bc9c08c"
	    "6fdca210e0756de4a2d3a491d822", BODY, NOW), ZOOM_SIG_BAD);
}
END_TEST

START_TEST(timestamps)
{
	ck_assert_int_eq(verify(SECRET, TS, SIG, BODY, NOW + 301), ZOOM_SIG_STALE);
	ck_assert_int_eq(verify(SECRET, TS, SIG, BODY, NOW - 301), ZOOM_SIG_STALE);
	/* Milliseconds are far in the future. */
	ck_assert_int_eq(verify(SECRET, "1700000000000", SIG, BODY, NOW),
	    ZOOM_SIG_BAD_TIME);
	ck_assert_int_eq(verify(SECRET, "-1", SIG, BODY, NOW), ZOOM_SIG_BAD_TIME);
	ck_assert_int_eq(verify(SECRET, "17e8", SIG, BODY, NOW), ZOOM_SIG_BAD_TIME);
	ck_assert_int_eq(verify(SECRET, " 1700000000", SIG, BODY, NOW),
	    ZOOM_SIG_BAD_TIME);
}
END_TEST

START_TEST(missing_parts)
{
	ck_assert_int_eq(verify("", TS, SIG, BODY, NOW), ZOOM_SIG_NO_SECRET);
	ck_assert_int_eq(verify(NULL, TS, SIG, BODY, NOW), ZOOM_SIG_NO_SECRET);
	ck_assert_int_eq(verify(SECRET, NULL, SIG, BODY, NOW), ZOOM_SIG_MISSING);
	ck_assert_int_eq(verify(SECRET, TS, NULL, BODY, NOW), ZOOM_SIG_MISSING);
	ck_assert_int_eq(verify(SECRET, "", SIG, BODY, NOW), ZOOM_SIG_MISSING);
	ck_assert_int_eq(verify(SECRET, TS, "", BODY, NOW), ZOOM_SIG_MISSING);
	/* No message names the secret. */
	ck_assert_ptr_null(strstr(zoom_webhook_sig_msg(ZOOM_SIG_BAD), SECRET));
}
END_TEST

START_TEST(url_validation_token)
{
	char	 out[65];

	zoom_webhook_token(SECRET, "qgg8vlvZRS6UYooatFL8Aw", out);
	ck_assert_str_eq(out,
	    "f2f694389a4eea2b0ef30e64d4e2abdaaccb890882697638ea464ec9cfc75317");
}
END_TEST

START_TEST(parse_events)
{
	struct zoom_event	 ev;
	const char		*rec = "{\"event\":\"recording.completed\","
	    "\"event_ts\":1700000000123,\"download_token\":\"tok\",\"payload\":"
	    "{\"object\":{\"id\":85012345678,\"recording_files\":[{\"id\":\"f1\","
	    "\"file_type\":\"MP4\",\"file_size\":1234,\"play_url\":\"https://p\","
	    "\"download_url\":\"https://d\",\"status\":\"completed\","
	    "\"recording_start\":\"2031-03-01T10:00:00Z\",\"recording_end\":"
	    "\"2031-03-01T10:45:00Z\"},7,{\"id\":2}]}}}";
	const char		*val = "{\"event\":\"endpoint.url_validation\","
	    "\"payload\":{\"plainToken\":\"abc\"}}";
	const char		*odd = "{\"event\":5,\"payload\":[]}";

	ck_assert_int_eq(zoom_webhook_parse(&a, BODY, strlen(BODY), &ev), 0);
	ck_assert_str_eq(ev.event, "meeting.started");
	ck_assert_str_eq(ev.meeting_id, "85012345678");
	ck_assert_ptr_null(ev.plain_token);
	ck_assert_uint_eq(ev.nfiles, 0);

	/* A numeric id is the same text; non-objects among files are skipped. */
	ck_assert_int_eq(zoom_webhook_parse(&a, rec, strlen(rec), &ev), 0);
	ck_assert_str_eq(ev.meeting_id, "85012345678");
	ck_assert_int_eq(ev.ts_ms, 1700000000123LL);
	ck_assert_uint_eq(ev.nfiles, 2);
	ck_assert_str_eq(ev.files[0].id, "f1");
	ck_assert_str_eq(ev.files[0].file_type, "MP4");
	ck_assert_str_eq(ev.files[0].play_url, "https://p");
	ck_assert_str_eq(ev.files[0].recording_end, "2031-03-01T10:45:00Z");
	ck_assert_int_eq(ev.files[0].file_size, 1234);
	ck_assert_str_eq(ev.files[1].id, "2");
	ck_assert_ptr_null(ev.files[1].play_url);
	ck_assert_int_eq(ev.files[1].file_size, -1);

	ck_assert_int_eq(zoom_webhook_parse(&a, val, strlen(val), &ev), 0);
	ck_assert_str_eq(ev.plain_token, "abc");
	ck_assert_ptr_null(ev.meeting_id);

	/* Wrong types are absent. */
	ck_assert_int_eq(zoom_webhook_parse(&a, odd, strlen(odd), &ev), 0);
	ck_assert_ptr_null(ev.event);
}
END_TEST

/* Zoom's participant events (Rivet's MeetingParticipantJoinedEvent and
 * MeetingParticipantLeftEvent): the meeting id a string, the participant's
 * user_id a string of digits (a number is the same text), email "" for a
 * guest, no participant_uuid in older events. */
START_TEST(parse_participants)
{
	struct zoom_event	 ev;
	const char		*joined = "{\"event\":\"meeting.participant_joined\","
	    "\"event_ts\":1700000000123,\"payload\":{\"account_id\":\"acc\","
	    "\"object\":{\"id\":\"85012345678\",\"uuid\":\"u==\",\"host_id\":"
	    "\"h\",\"topic\":\"t\",\"type\":2,\"duration\":60,\"participant\":"
	    "{\"user_id\":\"16778240\",\"user_name\":\"Петрова Анна\",\"id\":"
	    "\"iFxeBPYun6SAiWUzBcEkX\",\"participant_uuid\":\"A1B2\","
	    "\"join_time\":\"2031-03-01T10:02:00Z\",\"email\":\"a@x.org\"}}}}";
	const char		*left = "{\"event\":\"meeting.participant_left\","
	    "\"payload\":{\"object\":{\"id\":85012345678,\"participant\":"
	    "{\"user_id\":16778240,\"user_name\":\"Guest\",\"email\":\"\","
	    "\"leave_time\":\"2031-03-01T10:40:00Z\",\"leave_reason\":"
	    "\"left the meeting\"}}}}";

	ck_assert_int_eq(zoom_webhook_parse(&a, joined, strlen(joined), &ev), 0);
	ck_assert_str_eq(ev.meeting_id, "85012345678");
	ck_assert_int_eq(ev.has_participant, 1);
	ck_assert_str_eq(ev.participant.user_id, "16778240");
	ck_assert_str_eq(ev.participant.participant_uuid, "A1B2");
	ck_assert_str_eq(ev.participant.id, "iFxeBPYun6SAiWUzBcEkX");
	ck_assert_str_eq(ev.participant.user_name, "Петрова Анна");
	ck_assert_str_eq(ev.participant.email, "a@x.org");
	ck_assert_str_eq(ev.participant.join_time, "2031-03-01T10:02:00Z");
	ck_assert_ptr_null(ev.participant.leave_time);

	ck_assert_int_eq(zoom_webhook_parse(&a, left, strlen(left), &ev), 0);
	ck_assert_str_eq(ev.meeting_id, "85012345678");
	ck_assert_str_eq(ev.participant.user_id, "16778240");
	ck_assert_str_eq(ev.participant.email, "");
	ck_assert_ptr_null(ev.participant.participant_uuid);
	ck_assert_ptr_null(ev.participant.join_time);
	ck_assert_str_eq(ev.participant.leave_time, "2031-03-01T10:40:00Z");

	ck_assert_int_eq(zoom_webhook_parse(&a, BODY, strlen(BODY), &ev), 0);
	ck_assert_int_eq(ev.has_participant, 0);
}
END_TEST

START_TEST(parse_refuses_non_objects)
{
	struct zoom_event	 ev;

	ck_assert_int_eq(zoom_webhook_parse(&a, "{\"event\":", 9, &ev), -1);
	ck_assert_int_eq(zoom_webhook_parse(&a, "[]", 2, &ev), -1);
	ck_assert_int_eq(zoom_webhook_parse(&a, "\"x\"", 3, &ev), -1);
	ck_assert_int_eq(zoom_webhook_parse(&a, "", 0, &ev), -1);
	ck_assert_int_eq(zoom_webhook_parse(&a, NULL, 0, &ev), -1);
	ck_assert_int_eq(zoom_webhook_parse(&a, "{} x", 4, &ev), -1);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("webhook");
	TCase	*tc = tcase_create("zoom");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, good_signature);
	tcase_add_test(tc, bad_signature);
	tcase_add_test(tc, timestamps);
	tcase_add_test(tc, missing_parts);
	tcase_add_test(tc, url_validation_token);
	tcase_add_test(tc, parse_events);
	tcase_add_test(tc, parse_participants);
	tcase_add_test(tc, parse_refuses_non_objects);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
