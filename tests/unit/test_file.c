/* Unit tests: src/domain/file_type.c (names, Content-Disposition, the
 * allow-lists with the real libmagic). */
#include "autoconf.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "domain/file.h"

#define MB	(1024 * 1024)

static struct arena	 a;

static void setup(void) { arena_init(&a, 1 << 22); }
static void teardown(void) { arena_free(&a); }

START_TEST(names_are_cleaned)
{
	char	 longname[700];

	ck_assert_str_eq(file_clean_name(&a, "C:\\Users\\Анна\\отчёт.pdf"), "отчёт.pdf");
	ck_assert_str_eq(file_clean_name(&a, "../../etc/passwd"), "passwd");
	ck_assert_str_eq(file_clean_name(&a, "a\xe2\x80\xaegnp.exe"), "agnp.exe");
	ck_assert_str_eq(file_clean_name(&a, "a\tb\x7f\xc2\x85.txt"), "ab.txt");
	ck_assert_str_eq(file_clean_name(&a, "bad\xff\xfe utf8.txt"), "bad__ utf8.txt");
	ck_assert_str_eq(file_clean_name(&a, "\xed\xa0\x80x.txt"), "___x.txt");
	ck_assert_str_eq(file_clean_name(&a, "  name . . "), "name");
	ck_assert_str_eq(file_clean_name(&a, ""), "file");
	ck_assert_str_eq(file_clean_name(&a, "dir/"), "file");
	ck_assert_str_eq(file_clean_name(&a, "\x01\x02"), "file");
	memset(longname, 'x', 300);
	strcpy(longname + 300, ".docx");
	ck_assert_uint_eq(strlen(file_clean_name(&a, longname)), 255);
	ck_assert(strstr(file_clean_name(&a, longname), "xx.docx") != NULL);
	/* 255 characters, not bytes: 300 Cyrillic letters are cut to 255. */
	for (int i = 0; i < 300; i++)
		memcpy(longname + 2 * i, "ж", 2);
	longname[600] = '\0';
	ck_assert_uint_eq(strlen(file_clean_name(&a, longname)), 510);
}
END_TEST

START_TEST(disposition)
{
	ck_assert_str_eq(file_disposition(&a, "image/png", "a.png"),
	    "inline; filename=\"a.png\"; filename*=UTF-8''a.png");
	ck_assert_str_eq(file_disposition(&a, "audio/x-wav", "a b.wav"),
	    "inline; filename=\"a b.wav\"; filename*=UTF-8''a%20b.wav");
	ck_assert_str_eq(file_disposition(&a, "application/pdf", "ж\"%\\.pdf"),
	    "inline; filename=\"____.pdf\"; filename*=UTF-8''%D0%B6%22%25%5C.pdf");
	ck_assert_str_eq(file_disposition(&a, "text/plain", "a;b.txt"),
	    "attachment; filename=\"a;b.txt\"; filename*=UTF-8''a%3Bb.txt");
	ck_assert(strncmp(file_disposition(&a, "application/zip", "a.zip"),
	    "attachment;", 11) == 0);
	ck_assert(strncmp(file_disposition(&a, "image/svg+xml", "a.svg"),
	    "attachment;", 11) == 0);
}
END_TEST

/* A temporary file holding head then zeros up to size bytes. */
static int
temp_file(const void *head, size_t hlen, size_t size)
{
	char	 path[] = "/tmp/tpfileXXXXXX";
	int	 fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	unlink(path);
	ck_assert_int_eq(write(fd, head, hlen), (ssize_t)hlen);
	if (size > hlen)
		ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	return fd;
}

static const unsigned char png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
	0, 0, 0, 4, 0, 0, 0, 3, 8, 2, 0, 0, 0, 0x94, 0x82, 0x83, 0xe3,
};
static const char pdf[] = "%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n";

static int
check(const void *head, size_t hlen, size_t size, const char *name,
    enum file_kind k, const char **mime, const char **clean, const char **why)
{
	int	 fd = temp_file(head, hlen, size), rc;

	*mime = *clean = *why = NULL;
	rc = file_type_check(&a, fd, (int64_t)size, name, k, mime, clean, why);
	close(fd);
	return rc;
}

START_TEST(allow_lists)
{
	const char	*mime, *clean, *why;
	const char	 html[] = "<!DOCTYPE html><html><script>x</script></html>\n";

	ck_assert_int_eq(check(png, sizeof(png), sizeof(png), "a.PNG", FILE_KIND_IMAGE,
	    &mime, &clean, &why), 0);
	ck_assert_str_eq(mime, "image/png");
	ck_assert_str_eq(clean, "a.PNG");
	ck_assert_int_eq(check(png, sizeof(png), sizeof(png), "blob", FILE_KIND_CHAT,
	    &mime, &clean, &why), 0);
	ck_assert_str_eq(clean, "blob.png");
	{
		char	 noext[301];

		memset(noext, 'n', 300);
		noext[300] = '\0';
		ck_assert_int_eq(check(png, sizeof(png), sizeof(png), noext,
		    FILE_KIND_IMAGE, &mime, &clean, &why), 0);
		ck_assert_uint_eq(strlen(clean), 255);
		ck_assert_str_eq(clean + 251, ".png");
	}
	ck_assert_int_eq(check(png, sizeof(png), sizeof(png), "a.jpg", FILE_KIND_IMAGE,
	    &mime, &clean, &why), FILE_REFUSED);
	ck_assert_str_eq(why, "Расширение .jpg не соответствует содержимому файла "
	    "(image/png)");
	ck_assert_int_eq(check(png, sizeof(png), sizeof(png), "a.png", FILE_KIND_AUDIO,
	    &mime, &clean, &why), FILE_REFUSED);
	ck_assert_int_eq(check(html, strlen(html), strlen(html), "x.png",
	    FILE_KIND_ANSWER, &mime, &clean, &why), FILE_REFUSED);
	ck_assert(strncmp(why, "Неподдерживаемый тип файла: text/html. ",
	    strlen("Неподдерживаемый тип файла: text/html. ")) == 0);
	ck_assert_int_eq(check(png, sizeof(png), 0, "e.png", FILE_KIND_IMAGE,
	    &mime, &clean, &why), FILE_REFUSED);
	ck_assert_str_eq(why, "Файл пустой");
}
END_TEST

START_TEST(chat_limits_by_class)
{
	const char	*mime, *clean, *why;

	/* P3.3: a PNG of 4 MB passes, of 6 MB not; a PDF of 9 MB passes. */
	ck_assert_int_eq(check(png, sizeof(png), 4 * MB, "a.png", FILE_KIND_CHAT,
	    &mime, &clean, &why), 0);
	ck_assert_int_eq(check(png, sizeof(png), 6 * MB, "a.png", FILE_KIND_CHAT,
	    &mime, &clean, &why), FILE_REFUSED);
	ck_assert_str_eq(why, "Файл слишком большой. Максимум: 5 MB");
	ck_assert_int_eq(check(pdf, strlen(pdf), 9 * MB, "a.pdf", FILE_KIND_CHAT,
	    &mime, &clean, &why), 0);
	ck_assert_str_eq(mime, "application/pdf");
	ck_assert_int_eq(check(pdf, strlen(pdf), 10 * MB + 1, "a.pdf",
	    FILE_KIND_CHAT, &mime, &clean, &why), FILE_REFUSED);
	ck_assert_int_eq(file_kind_max(FILE_KIND_CHAT), 10 * MB);
	ck_assert_int_eq(file_kind_max(FILE_KIND_ANSWER), 25 * MB);
	ck_assert(file_body_fits(FILE_KIND_CHAT, 10 * MB + 1000));
	ck_assert(!file_body_fits(FILE_KIND_CHAT, 11 * MB));
	/* A PDF is no answer for the image endpoint, nor a zip for a chat. */
	ck_assert_int_eq(check(pdf, strlen(pdf), strlen(pdf), "a.pdf",
	    FILE_KIND_IMAGE, &mime, &clean, &why), FILE_REFUSED);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("file");
	TCase	*tc = tcase_create("domain");
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, names_are_cleaned);
	tcase_add_test(tc, disposition);
	tcase_add_test(tc, allow_lists);
	tcase_add_test(tc, chat_limits_by_class);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
