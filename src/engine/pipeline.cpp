// Compiles a Plan into stages and links. A link forwards to the next stage; after a window
// it first parses the row with the next segment's extractor, so rows are read by field name.
#include "engine/pipeline.hpp"

#include "core/error.hpp"
#include "ops/dedup.hpp"
#include "ops/filter.hpp"
#include "ops/key_by.hpp"
#include "ops/session_window.hpp"
#include "ops/select.hpp"
#include "ops/sessionize.hpp"

namespace eddy {

namespace {
// sum and avg read numbers only; every other aggregate keeps or compares canonical text.
bool needs_canonical_text(AggKind kind) {
    return kind != AggKind::sum && kind != AggKind::avg && kind != AggKind::count && kind != AggKind::quantile;
}
// What a window, sessionize or select emits is a new record: the stages after it read it by name.
bool makes_new_records(const StageSpec& s) {
    return s.op == StageOp::window || s.op == StageOp::sessionize || s.op == StageOp::select;
}
}  // namespace

class Pipeline::Link final : public StageOutput {
public:
    Link(Pipeline& p, size_t next, const FieldPlan* row_plan) : p_(p), next_(next) {
        if (row_plan) {
            row_plan_ = row_plan;
            row_fields_.resize(std::max<size_t>(row_plan->slot_count(), 1));
            row_buffer_.reserve(4096);
        }
    }
    void make_extractor() {
        if (row_plan_) extractor_ = std::make_unique<RecordExtractor>(*row_plan_);
    }
    void emit_event(const Event& e) override {
        if (next_ == p_.stages_.size()) p_.sink_.write_record(e.record);
        else p_.stages_[next_]->on_event(e, *p_.links_[next_]);
    }
    void emit_row(std::string_view row, EventTime time, ArrivalSeq seq, KeyId key) override {
        if (next_ == p_.stages_.size()) {
            p_.sink_.write_record(row);
            return;
        }
        // The row becomes an event of the next segment: parse it like an input line.
        row_buffer_.assign(row);
        row_buffer_.append(64, '\0');  // simdjson padding
        std::string_view reason = extractor_->extract(std::string_view(row_buffer_.data(), row.size()),
                                                      row_buffer_.size(), row_fields_.data());
        if (!reason.empty())
            throw EddyError(ExitCode::internal, "internal error: a window row does not parse (" + std::string(reason) +
                                                    ") (please report)");
        Event e{time, seq, key, std::string_view(row_buffer_.data(), row.size()), row_fields_.data()};
        p_.stages_[next_]->on_event(e, *p_.links_[next_]);
    }
    void emit_watermark(Watermark w) override {
        if (next_ < p_.stages_.size()) p_.stages_[next_]->on_watermark(w, *p_.links_[next_]);
    }

private:
    Pipeline& p_;
    size_t next_;
    const FieldPlan* row_plan_ = nullptr;
    std::unique_ptr<RecordExtractor> extractor_;
    std::vector<FieldValue> row_fields_;
    std::string row_buffer_;
};

Pipeline::Pipeline(const Plan& plan, RecordSink& sink, LateEventSink& late) : sink_(sink) {
    segment_plans_.push_back(std::make_unique<FieldPlan>());
    time_slot_ = segment_plans_.back()->add(plan.source.time_field, false);
    std::vector<std::string> key_names;  // of the key in force: it carries across window stages
    std::vector<const FieldPlan*> row_plan_after(plan.stages.size(), nullptr);
    for (size_t i = 0; i < plan.stages.size(); ++i) {
        const StageSpec& spec = plan.stages[i];
        FieldPlan& fields = *segment_plans_.back();
        if (segment_plans_.size() == 1) name_source_fields(spec, fields);
        switch (spec.op) {
            case StageOp::key_by: {
                std::vector<FieldSlot> slots;
                key_names.clear();
                for (const FieldPath& f : spec.key_by.fields) {
                    slots.push_back(fields.add(f));
                    key_names.push_back(f.text);
                }
                stages_.push_back(std::make_unique<KeyByStage>(std::move(slots), keys_));
                break;
            }
            case StageOp::window: {
                WindowStageConfig wc;
                wc.spec = spec.window;
                wc.layout = AggLayout::of(spec.window.aggregates);
                for (const AggCell& c : wc.layout.cells)
                    wc.agg_slots.push_back(c.field ? fields.add(*c.field, needs_canonical_text(c.kind)) : FieldSlot());
                wc.key_names = key_names;
                wc.allowed_lateness = plan.watermark.allowed_lateness;
                wc.time_format = plan.output.time_format;
                if (spec.window.type == WindowType::session)
                    stages_.push_back(std::make_unique<SessionWindowStage>(std::move(wc), keys_, late, agg_counters_));
                else
                    stages_.push_back(std::make_unique<WindowStage>(std::move(wc), keys_, late, agg_counters_));
                break;
            }
            case StageOp::dedup: {
                DedupStageConfig dc;
                for (const FieldPath& f : spec.dedup.fields) dc.fields.push_back(fields.add(f, true));
                dc.whole_record = spec.dedup.whole_record;
                dc.within = spec.dedup.within;
                stages_.push_back(std::make_unique<DedupStage>(std::move(dc), keys_, late));
                break;
            }
            case StageOp::sessionize:
                stages_.push_back(std::make_unique<SessionizeStage>(spec.sessionize, keys_, late));
                break;
            case StageOp::filter:
                stages_.push_back(std::make_unique<FilterStage>(FilterProgram(spec.filter.where, fields)));
                break;
            case StageOp::select:
                stages_.push_back(std::make_unique<SelectStage>(spec.select, fields));
                break;
        }
        if (makes_new_records(spec) && i + 1 < plan.stages.size()) {
            segment_plans_.push_back(std::make_unique<FieldPlan>());
            row_plan_after[i] = segment_plans_.back().get();
        }
    }
    source_link_ = std::make_unique<Link>(*this, 0, nullptr);
    for (size_t i = 0; i < stages_.size(); ++i) links_.push_back(std::make_unique<Link>(*this, i + 1, row_plan_after[i]));
    // Extractors size their per-node state from the finished plans.
    for (auto& l : links_) l->make_extractor();
}

Pipeline::~Pipeline() = default;

void Pipeline::name_source_fields(const StageSpec& spec, FieldPlan& fields) {
    auto name = [&](std::string what, const FieldPath& path) {
        named_source_fields_.emplace_back(std::move(what), fields.add(path, false));
    };
    switch (spec.op) {
        case StageOp::key_by:
            for (const FieldPath& f : spec.key_by.fields) name("key field '" + f.text + "'", f);
            break;
        case StageOp::window:
            for (const AggSpec& a : spec.window.aggregates)
                if (a.field) name("field '" + a.field->text + "' of aggregate '" + a.name + "'", *a.field);
            break;
        case StageOp::dedup:
            for (const FieldPath& f : spec.dedup.fields) name("dedup field '" + f.text + "'", f);
            break;
        case StageOp::filter:
            for (const ExprNode& n : spec.filter.where.nodes)
                if (n.op == ExprOp::path) name("filter field '" + n.path.text + "'", n.path);
            break;
        case StageOp::select:
            for (const SelectField& f : spec.select.fields) name("select field '" + f.path.text + "'", f.path);
            break;
        case StageOp::sessionize: break;
    }
}

void Pipeline::push(const Event& e) { source_link_->emit_event(e); }

void Pipeline::advance(Watermark w) { source_link_->emit_watermark(w); }

StageCounters Pipeline::stage_counters() const {
    StageCounters sum;
    for (const auto& s : stages_) {
        sum.late += s->counters().late;
        sum.no_window += s->counters().no_window;
        sum.duplicates += s->counters().duplicates;
        sum.filtered += s->counters().filtered;
    }
    return sum;
}

size_t Pipeline::open_state() const {
    size_t n = 0;
    for (const auto& s : stages_) n += s->open_state();
    return n;
}

void Pipeline::save(LmdbTxn& txn) {
    for (size_t i = 0; i < stages_.size(); ++i) {
        StageStateWriter w(txn, static_cast<uint16_t>(i));
        stages_[i]->save(w);
    }
}

void Pipeline::restore(const LmdbTxn& txn, const std::string& dir) {
    for (size_t i = 0; i < stages_.size(); ++i) stages_[i]->restore(StageStateReader(txn, static_cast<uint16_t>(i), dir, keys_));
}

void Pipeline::rewind_after_drain() {
    for (auto& s : stages_) s->rewind_after_drain();
}

void Pipeline::forget_state() {
    for (auto& s : stages_) s->forget_state();
    keys_ = KeyTable();
}

}  // namespace eddy
