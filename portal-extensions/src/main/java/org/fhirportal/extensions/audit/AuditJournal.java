package org.fhirportal.extensions.audit;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit store's write-ahead journal on the embedded H2 database. H2's MVStore keeps committed transactions in
 * memory and writes them to its file in the background ({@code WRITE_DELAY}); making every group commit durable by
 * itself needs a {@code CHECKPOINT}, which rewrites every changed B-tree page of the audit table and its indexes,
 * once per batch. The journal instead appends each committed batch, a few hundred bytes per record, to a file of
 * its own before the waiting responses go out, and the store checkpoints H2 only now and then (after which the
 * journal starts empty again). After a crash the batches H2 did not keep are replayed from the journal: each batch
 * carries a sequence number, and the number of the last batch H2 holds is committed in the batch's own transaction
 * ({@code portal_audit_journal}), so replay neither loses nor repeats a batch.
 *
 * <p>An entry is {@code [payload length][CRC32C of the payload][payload]}; reading stops at the first entry that is
 * incomplete or fails its checksum (a write the crash interrupted, whose responses were never sent), and the file is
 * cut there. The journal survives the death of the process, as the crash test demands; like H2 itself with its
 * write delay, it survives a power loss only when {@code portal.audit.journal-sync} forces each append to disk.
 *
 * <p>Hand-written: H2 offers no redo log of its own.
 */
final class AuditJournal implements Closeable {

	private static final Logger log = LoggerFactory.getLogger(AuditJournal.class);
	private static final byte FORMAT = 1;
	private static final int HEADER = 8;

	/** One group commit as journalled. */
	record Batch(long sequence, List<AuditRecord> records) {}

	private final Path file;
	private final FileChannel channel;
	private final boolean sync;
	private long size;

	AuditJournal(Path file, boolean sync) {
		this.file = file;
		this.sync = sync;
		try {
			this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
			this.size = channel.size();
		} catch (IOException e) {
			throw new UncheckedIOException("cannot open the audit journal " + file, e);
		}
	}

	/**
	 * Where the journal of an H2 file database lives: beside its database file ({@code jdbc:h2:file:/data/db} gives
	 * {@code /data/db.audit-journal}, and so does {@code jdbc:h2:file:retry:/data/db}). Empty for in-memory and remote H2 databases and for every other database.
	 */
	static Optional<Path> besideH2Database(String jdbcUrl) {
		String prefix = "jdbc:h2:";
		if (jdbcUrl == null || !jdbcUrl.startsWith(prefix)) {
			return Optional.empty();
		}
		String name = jdbcUrl.substring(prefix.length());
		int settings = name.indexOf(';');
		name = settings < 0 ? name : name.substring(0, settings);
		if (name.startsWith("file:")) {
			name = name.substring("file:".length());
		}
		if (name.startsWith("retry:")) {
			name = name.substring("retry:".length()); // H2's file system that retries after an interrupt: a local file
		} else if (name.matches("^[a-zA-Z]{2,}:.*")) {
			return Optional.empty(); // mem:, tcp:, ssl:, zip: and the other non-local forms
		}
		return Optional.of(Path.of(name + ".audit-journal"));
	}

	Path file() {
		return file;
	}

	long size() {
		return size;
	}

	/** Appends one committed batch; once this returns, the batch survives the death of the process. */
	void append(long sequence, List<AuditRecord> records) throws IOException {
		byte[] payload = encode(sequence, records);
		CRC32C crc = new CRC32C();
		crc.update(payload);
		ByteBuffer entry = ByteBuffer.allocate(HEADER + payload.length);
		entry.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
		long position = size;
		while (entry.hasRemaining()) {
			position += channel.write(entry, position);
		}
		if (sync) {
			channel.force(false);
		}
		size = position;
	}

	/** The intact batches, oldest first; a torn or corrupt tail is cut off the file. */
	List<Batch> read() throws IOException {
		ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(channel.size()));
		long position = 0;
		while (all.hasRemaining()) {
			int n = channel.read(all, position);
			if (n < 0) {
				break;
			}
			position += n;
		}
		all.flip();
		List<Batch> batches = new ArrayList<>();
		int good = 0;
		while (all.remaining() >= HEADER) {
			int length = all.getInt();
			int checksum = all.getInt();
			if (length < 0 || length > all.remaining()) {
				break;
			}
			byte[] payload = new byte[length];
			all.get(payload);
			CRC32C crc = new CRC32C();
			crc.update(payload);
			if ((int) crc.getValue() != checksum) {
				break;
			}
			batches.add(decode(payload));
			good = all.position();
		}
		if (good < channel.size()) {
			log.warn("The audit journal {} ends with {} bytes of an interrupted write; they are dropped (no response waited on them)",
					file, channel.size() - good);
			channel.truncate(good);
		}
		size = good;
		return batches;
	}

	/** Empties the journal, once the database holds everything in it durably. */
	void clear() throws IOException {
		channel.truncate(0);
		if (sync) {
			channel.force(true);
		}
		size = 0;
	}

	@Override
	public void close() throws IOException {
		channel.close();
	}

	private static byte[] encode(long sequence, List<AuditRecord> records) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 256 * records.size());
		DataOutputStream out = new DataOutputStream(bytes);
		out.writeByte(FORMAT);
		out.writeLong(sequence);
		out.writeInt(records.size());
		for (AuditRecord r : records) {
			out.writeLong(r.recorded().getEpochSecond());
			out.writeInt(r.recorded().getNano());
			string(out, r.kind());
			string(out, r.subtype());
			out.writeChar(r.action());
			out.writeInt(r.outcome());
			out.writeInt(r.httpStatus().orElse(-1));
			optional(out, r.patientId());
			optional(out, r.userType());
			optional(out, r.userId());
			optional(out, r.username());
			optional(out, r.clientId());
			optional(out, r.tokenJti());
			optional(out, r.sourceAddress());
			optional(out, r.query());
			out.writeInt(r.returned().size());
			for (String reference : r.returned()) {
				string(out, reference);
			}
			optional(out, r.detail());
		}
		out.flush();
		return bytes.toByteArray();
	}

	private static Batch decode(byte[] payload) throws IOException {
		ByteBuffer in = ByteBuffer.wrap(payload);
		byte format = in.get();
		if (format != FORMAT) {
			throw new IOException("audit journal entry of unknown format " + format);
		}
		long sequence = in.getLong();
		int count = in.getInt();
		List<AuditRecord> records = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			Instant recorded = Instant.ofEpochSecond(in.getLong(), in.getInt());
			String kind = string(in);
			String subtype = string(in);
			char action = in.getChar();
			int outcome = in.getInt();
			int status = in.getInt();
			Optional<String> patientId = optional(in);
			Optional<String> userType = optional(in);
			Optional<String> userId = optional(in);
			Optional<String> username = optional(in);
			Optional<String> clientId = optional(in);
			Optional<String> tokenJti = optional(in);
			Optional<String> sourceAddress = optional(in);
			Optional<String> query = optional(in);
			int returnedCount = in.getInt();
			List<String> returned = new ArrayList<>(returnedCount);
			for (int j = 0; j < returnedCount; j++) {
				returned.add(string(in));
			}
			Optional<String> detail = optional(in);
			records.add(new AuditRecord(recorded, kind, subtype, action, outcome, status < 0 ? Optional.empty() : Optional.of(status),
					patientId, userType, userId, username, clientId, tokenJti, sourceAddress, query, returned, detail));
		}
		return new Batch(sequence, records);
	}

	private static void string(DataOutputStream out, String value) throws IOException {
		byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(utf8.length);
		out.write(utf8);
	}

	private static void optional(DataOutputStream out, Optional<String> value) throws IOException {
		out.writeBoolean(value.isPresent());
		if (value.isPresent()) {
			string(out, value.get());
		}
	}

	private static String string(ByteBuffer in) {
		byte[] utf8 = new byte[in.getInt()];
		in.get(utf8);
		return new String(utf8, StandardCharsets.UTF_8);
	}

	private static Optional<String> optional(ByteBuffer in) {
		return in.get() != 0 ? Optional.of(string(in)) : Optional.empty();
	}
}
