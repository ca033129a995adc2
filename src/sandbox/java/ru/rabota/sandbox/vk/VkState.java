package ru.rabota.sandbox.vk;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Everything the simulated service knows: jobs, candidates, applications, the company's money and limits,
 * bought contacts, VAS transactions, backgrounds. One read-write lock guards it all, so the API answers many
 * readers at once and every change (a paid action batch included) is atomic. Public methods are for tests
 * and the sandbox; the API classes compose the package-private ones inside {@link #write}.
 */
public final class VkState {

    private static final BigDecimal KOPECKS_PER_ROUBLE = BigDecimal.valueOf(100);

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final VkSimulatorConfig config;
    private final TreeMap<Long, VkJob> jobs = new TreeMap<>();
    private final TreeMap<Long, VkCandidate> candidates = new TreeMap<>();
    private final ApplicationIndex applications = new ApplicationIndex();
    private final List<VkTransaction> transactions = new ArrayList<>();
    private final Set<Long> boughtContacts = new HashSet<>();
    private final Map<Long, VkBackground> jobBackgrounds = new HashMap<>();
    private final Map<String, Integer> limits;
    private VkBackground userBackground;
    private BigDecimal balance;
    private BigDecimal bonusBalance;
    // first ids as in the document's examples (job 1 of paid_actions, candidate 889, experience 360)
    private long nextJobId = 1;
    private long nextCandidateId = 889;
    private long nextExperienceId = 360;
    private long nextApplicationId = 1;
    private long nextTransactionId = 1;
    private long nextBackgroundId = 4900;

    VkState(VkSimulatorConfig config) {
        this.config = config;
        this.limits = config.orderedLimits();
        this.balance = config.balance();
        this.bonusBalance = config.bonusBalance();
    }

    public Instant now() {
        return config.clock().instant();
    }

    // ---- jobs

    public Optional<VkJob> job(long id) {
        return read(() -> Optional.ofNullable(jobs.get(id)));
    }

    public List<VkJob> jobs() {
        return read(() -> List.copyOf(jobs.values()));
    }

    public List<VkJob> jobsByExternalId(String externalId) {
        return read(() -> jobs.values().stream().filter(j -> externalId.equals(j.externalId())).toList());
    }

    /** An active job with sandbox defaults (Москва, profession 3), no validation and no charge. */
    public VkJob addJob(String title, String externalId) {
        ObjectNode fields = JobRules.defaults().put("title", title).put("description", "Описание вакансии " + title)
                .put("lat", 55.7558).put("long", 37.6173).put("address", "Москва, Тверская улица, 1")
                .put("external_id", externalId);
        return addJob(fields, 3, "job_publish");
    }

    /** An active job with these client fields over the defaults (false flags, nulls), no validation, no charge. */
    public VkJob addJob(ObjectNode fields, int professionId, String publicationType) {
        return write(() -> {
            Instant now = now();
            VkJob job = new VkJob(nextJobId++, professionId, "active", publicationType, null, now,
                    now.plus(config.publicationPeriod()), now, null, JobRules.defaults().setAll(fields.deepCopy()));
            jobs.put(job.id(), job);
            return job;
        });
    }

    /** Publishes a job again from now on; the caller has paid. */
    VkJob publish(long id, VasAction publication) {
        return write(() -> {
            Instant now = now();
            return replaceJob(existingJob(id).published(publication.code(), now, now.plus(config.publicationPeriod())));
        });
    }

    /**
     * Publishes a closed job again without a charge, as a person does in VK Работа's own interface, or as a revive
     * whose answer (and record) a crash lost had done.
     */
    public VkJob reviveByHand(long id) {
        return publish(id, VasAction.JOB_PUBLISH);
    }

    /** Ends a job's publication now: it reads as {@code expired} (unless auto_renew). */
    public void expireJob(long id) {
        write(() -> replaceJob(existingJob(id).expiringAt(now())));
    }

    /** Closes a job; its applications still {@code unread} become {@code closed}, as the document says. */
    public VkJob closeJob(long id, String reason) {
        return write(() -> {
            VkJob closed = replaceJob(existingJob(id).closed(reason));
            Instant now = now();
            applications.ofJob(id).stream().filter(a -> "unread".equals(a.status()))
                    .forEach(a -> applications.replace(a.withStatus("closed", now)));
            return closed;
        });
    }

    /** Ids of jobs active now, ascending. */
    public List<Long> activeJobIds() {
        return read(() -> {
            Instant now = now();
            return jobs.values().stream().filter(j -> "active".equals(j.status(now))).map(VkJob::id).toList();
        });
    }

    // ---- candidates

    public VkCandidate addCandidate(VkCandidate.Builder builder) {
        return write(() -> {
            VkCandidate candidate = builder.build(nextCandidateId++, nextExperienceId, now());
            nextExperienceId += builder.experienceCount();
            candidates.put(candidate.id(), candidate);
            return candidate;
        });
    }

    public Optional<VkCandidate> candidate(long id) {
        return read(() -> Optional.ofNullable(candidates.get(id)));
    }

    public int candidateCount() {
        return read(candidates::size);
    }

    // ---- applications

    /**
     * A new application. The job and candidate must exist, the status be one of the model's, and the candidate
     * must not have applied to this job already (the document: one application per candidate and job).
     */
    public VkApplication addApplication(long jobId, long candidateId, String status, Instant createdAt) {
        return write(() -> {
            existingJob(jobId);
            if (!candidates.containsKey(candidateId)) {
                throw new IllegalArgumentException("no candidate " + candidateId);
            }
            if (!VkApplication.isStatus(status)) {
                throw new IllegalArgumentException("unknown status " + status);
            }
            if (applications.contains(jobId, candidateId)) {
                throw new IllegalArgumentException("candidate " + candidateId + " already applied to job " + jobId);
            }
            VkApplication application = new VkApplication(nextApplicationId++, jobId, candidateId, status, createdAt,
                    createdAt);
            applications.add(application);
            return application;
        });
    }

    public VkApplication setApplicationStatus(long id, String status) {
        if (!VkApplication.isStatus(status)) {
            throw new IllegalArgumentException("unknown status " + status);
        }
        return write(() -> {
            VkApplication application = Optional.ofNullable(applications.get(id))
                    .orElseThrow(() -> new IllegalArgumentException("no application " + id))
                    .withStatus(status, now());
            applications.replace(application);
            return application;
        });
    }

    public Optional<VkApplication> application(long id) {
        return read(() -> Optional.ofNullable(applications.get(id)));
    }

    public int applicationCount() {
        return read(applications::size);
    }

    /** The application at a position of the created_at order (for picking one at random). */
    VkApplication applicationAt(int index) {
        return read(() -> applications.at(index));
    }

    /** A page of applications with the candidates they refer to, read consistently. */
    record ApplicationPage(List<VkApplication> applications, Map<Long, VkCandidate> candidates) {
    }

    ApplicationPage applicationsPage(Long jobId, Set<String> statuses, Instant from, Paging paging) {
        boolean newestFirst = config.applicationsOrder() == VkSimulatorConfig.ApplicationsOrder.NEWEST_FIRST;
        return read(() -> {
            List<VkApplication> page = applications.page(jobId, statuses, from, newestFirst, paging.offset(),
                    paging.size());
            Map<Long, VkCandidate> referred = new LinkedHashMap<>();
            page.forEach(a -> referred.put(a.candidateId(), candidates.get(a.candidateId())));
            return new ApplicationPage(page, referred);
        });
    }

    // ---- company, money, contacts

    public VkCompany company() {
        return read(() -> new VkCompany(config.companyId(), balance, bonusBalance,
                Collections.unmodifiableMap(new LinkedHashMap<>(limits)), config.walletId(), null));
    }

    /** Sets the wallet balance, in kopecks as the API prints it ("10000000.0"). */
    public void setBalance(String kopecks) {
        write(() -> balance = new BigDecimal(kopecks));
    }

    /** Sets an OTVAS limit by its company attribute name, e.g. {@code otvas_jobs_limit}. */
    public void setLimit(String attribute, int value) {
        write(() -> limits.put(attribute, value));
    }

    public boolean contactBought(long candidateId) {
        return read(() -> boughtContacts.contains(candidateId));
    }

    public Set<Long> boughtContacts() {
        return read(() -> Set.copyOf(boughtContacts));
    }

    public List<VkTransaction> transactions() {
        return read(() -> List.copyOf(transactions));
    }

    public Optional<VkBackground> jobBackground(long jobId) {
        return read(() -> Optional.ofNullable(jobBackgrounds.get(jobId)));
    }

    public Optional<VkBackground> userBackground() {
        return read(() -> Optional.ofNullable(userBackground));
    }

    /** How an action was paid; the name is the VAS transaction's subscriptable_type. */
    enum Payment {
        LIMIT("OTVAS"), WALLET("MVAS"), BONUS("BVAS");

        private final String transactionType;

        Payment(String transactionType) {
            this.transactionType = transactionType;
        }
    }

    /** A contact bought now (with its payment) or before (payment null). */
    record Purchase(boolean alreadyBought, Payment payment) {
    }

    /**
     * Pays for one action: a unit of its OTVAS limit when one is left, else its price from the wallet (or the
     * bonus account). Records the VAS transaction. Empty when neither suffices.
     */
    Optional<Payment> charge(VasAction action, boolean bonus) {
        return write(() -> {
            int left = limits.getOrDefault(action.limit(), 0);
            if (left > 0) {
                limits.put(action.limit(), left - 1);
                return Optional.of(record(Payment.LIMIT, List.of(action.title() + ": -1")));
            }
            BigDecimal price = BigDecimal.valueOf(config.price(action)).multiply(KOPECKS_PER_ROUBLE);
            if ((bonus ? bonusBalance : balance).compareTo(price) < 0) {
                return Optional.empty();
            }
            if (bonus) {
                bonusBalance = bonusBalance.subtract(price);
            } else {
                balance = balance.subtract(price);
            }
            return Optional.of(record(bonus ? Payment.BONUS : Payment.WALLET,
                    List.of(action.title() + ": -1", "Баланс: -" + config.price(action) + " руб.")));
        });
    }

    /** Buys a candidate's contact unless it was bought before; empty when it could not be paid. */
    Optional<Purchase> buyContact(long candidateId, boolean bonus) {
        return write(() -> {
            if (boughtContacts.contains(candidateId)) {
                return Optional.of(new Purchase(true, null));
            }
            Optional<Payment> payment = charge(VasAction.CONTACT_VIEW, bonus);
            payment.ifPresent(p -> boughtContacts.add(candidateId));
            return payment.map(p -> new Purchase(false, p));
        });
    }

    List<VkTransaction> transactionsPage(Paging paging) {
        return read(() -> List.copyOf(paging.slice(transactions)));
    }

    int transactionCount() {
        return read(transactions::size);
    }

    // ---- package-private building blocks of the API

    VkJob replaceJob(VkJob job) {
        return write(() -> {
            jobs.put(job.id(), job);
            return job;
        });
    }

    List<VkJob> jobsPage(Paging paging) {
        return read(() -> List.copyOf(paging.slice(new ArrayList<>(jobs.values()))));
    }

    /** All candidates matching, ascending by id. */
    List<VkCandidate> candidates(Predicate<VkCandidate> filter) {
        return read(() -> candidates.values().stream().filter(filter).toList());
    }

    VkBackground putBackground(String assetableType, long assetableId, String contentType) {
        return write(() -> {
            long id = nextBackgroundId++;
            String base = "https://sandbox.invalid/uploads/background/" + id + "/";
            VkBackground background = new VkBackground(id, assetableType, assetableId, contentType,
                    base + "bg.jpg", base + "cropped/bg.jpg", List.of());
            if ("User".equals(assetableType)) {
                userBackground = background;
            } else {
                jobBackgrounds.put(assetableId, background);
            }
            return background;
        });
    }

    Optional<VkBackground> removeJobBackground(long jobId) {
        return write(() -> Optional.ofNullable(jobBackgrounds.remove(jobId)));
    }

    Optional<VkBackground> removeUserBackground() {
        return write(() -> {
            Optional<VkBackground> removed = Optional.ofNullable(userBackground);
            userBackground = null;
            return removed;
        });
    }

    VkJob existingJob(long id) {
        return read(() -> Optional.ofNullable(jobs.get(id))
                .orElseThrow(() -> new IllegalArgumentException("no job " + id)));
    }

    <T> T read(Supplier<T> action) {
        return locked(lock.readLock(), action);
    }

    <T> T write(Supplier<T> action) {
        return locked(lock.writeLock(), action);
    }

    private Payment record(Payment payment, List<String> changes) {
        transactions.add(new VkTransaction(nextTransactionId++, now(), payment.transactionType,
                "Внешний пользователь(" + config.login() + ") #" + config.userId(), List.copyOf(changes)));
        return payment;
    }

    private static <T> T locked(Lock lock, Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
